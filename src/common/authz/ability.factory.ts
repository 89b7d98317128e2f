import { Inject, Injectable } from '@nestjs/common';
import type { Actor, ActorData } from '../auth/actor';
import { buildAbility, PolicyContributor } from './ability';
import { POLICY_CONTRIBUTORS } from './policies.token';

@Injectable()
export class AbilityFactory {
  constructor(@Inject(POLICY_CONTRIBUTORS) private readonly contributors: PolicyContributor[]) {}

  forActor(data: ActorData): Actor {
    return { ...data, ability: buildAbility(data, this.contributors) };
  }
}
