import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { RequestWithActor } from './auth.guard';

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const actor = ctx.switchToHttp().getRequest<RequestWithActor>().actor;
  if (!actor) throw new Error('CurrentActor used on a public route');
  return actor;
});
