import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SigningRulesModule } from '../signing-rules/signing-rules.module';
import { UsersModule } from '../users/users.module';
import { Delegation } from './delegation.entity';
import { DelegationsController } from './delegations.controller';
import { DelegationsService } from './delegations.service';

@Module({
  imports: [TypeOrmModule.forFeature([Delegation]), UsersModule, SigningRulesModule],
  controllers: [DelegationsController],
  providers: [DelegationsService],
  exports: [DelegationsService],
})
export class DelegationsModule {}
