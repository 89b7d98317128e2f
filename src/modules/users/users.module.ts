import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizationsModule } from '../organizations/organizations.module';
import { PasswordService } from './password.service';
import { ResetPasswordService } from './reset-password.service';
import { RoleAssignment } from './role-assignment.entity';
import { User } from './user.entity';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([User, RoleAssignment]), OrganizationsModule],
  controllers: [UsersController],
  providers: [UsersService, PasswordService, ResetPasswordService],
  exports: [UsersService, PasswordService],
})
export class UsersModule {}
