import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RegistersModule } from '../registers/registers.module';
import { SigningRulesModule } from '../signing-rules/signing-rules.module';
import { Department } from './department.entity';
import { DepartmentsService } from './departments.service';
import { DepartmentsController, OrganizationsController } from './organizations.controller';
import { Organization } from './organization.entity';
import { OrganizationsService } from './organizations.service';

@Module({
  imports: [TypeOrmModule.forFeature([Organization, Department]), RegistersModule, SigningRulesModule],
  controllers: [OrganizationsController, DepartmentsController],
  providers: [OrganizationsService, DepartmentsService],
  exports: [OrganizationsService, DepartmentsService],
})
export class OrganizationsModule {}
