import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../common/auth/actor';
import { CurrentActor } from '../../common/auth/current-actor.decorator';
import { CheckAbility } from '../../common/authz/check-ability.decorator';
import { ReplaceSigningRulesDto, SigningRuleDto, SigningRuleResponseDto } from './dto/signing-rule.dto';
import { SigningRulesService } from './signing-rules.service';
import { ParseArrayBodyPipe } from './parse-array-body.pipe';

@ApiTags('signing-rules')
@ApiBearerAuth()
@Controller('signing-rules')
export class SigningRulesController {
  constructor(private readonly rules: SigningRulesService) {}

  @Get()
  @ApiOperation({ operationId: 'listSigningRules', summary: 'Quy tắc ký của đơn vị (ai được ký loại văn bản nào, theo hình thức nào)' })
  @ApiOkResponse({ type: [SigningRuleResponseDto] })
  @CheckAbility('read', 'SigningRule')
  list(@CurrentActor() actor: Actor) {
    return this.rules.list(actor);
  }

  @Put()
  @ApiOperation({ operationId: 'replaceSigningRules', summary: 'Thay toàn bộ quy tắc ký (body là mảng quy tắc, hoặc { rules: [...] })' })
  @ApiBody({ type: [SigningRuleDto] })
  @ApiOkResponse({ type: [SigningRuleResponseDto] })
  @CheckAbility('update', 'SigningRule')
  replace(@CurrentActor() actor: Actor, @Body(ParseArrayBodyPipe) body: unknown) {
    return this.rules.replace(actor, (body as ReplaceSigningRulesDto).rules);
  }
}
