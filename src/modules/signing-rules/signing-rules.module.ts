import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SigningRule } from './signing-rule.entity';
import { SigningRulesController } from './signing-rules.controller';
import { SigningRulesService } from './signing-rules.service';

@Module({
  imports: [TypeOrmModule.forFeature([SigningRule])],
  controllers: [SigningRulesController],
  providers: [SigningRulesService],
  exports: [SigningRulesService],
})
export class SigningRulesModule {}
