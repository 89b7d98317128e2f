import { RequestMethod } from '@nestjs/common';
import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ANY_SIGNED_IN, CHECK_ABILITY, IS_PUBLIC } from '../../../src/common/authz/check-ability.decorator';
import type { TestApp } from '../../setup/test-app';

export interface RouteInfo {
  method: string;
  path: string;
  access: 'ability' | 'public' | 'any-signed-in' | 'none';
}

const join = (...parts: string[]) => `/${parts.map((p) => p.replace(/^\/|\/$/g, '')).filter(Boolean).join('/')}`;

/** Every handler the app registers, with what it declares about access. */
export function listRoutes(t: TestApp): RouteInfo[] {
  const discovery = t.app.get(DiscoveryService);
  const scanner = t.app.get(MetadataScanner);
  const reflector = t.app.get(Reflector);
  const routes: RouteInfo[] = [];
  for (const wrapper of discovery.getControllers()) {
    const { instance, metatype } = wrapper;
    if (!instance || !metatype) continue;
    const base = [Reflect.getMetadata(PATH_METADATA, metatype) ?? ''].flat()[0] as string;
    const proto = Object.getPrototypeOf(instance);
    for (const name of scanner.getAllMethodNames(proto)) {
      const handler = proto[name];
      const path = Reflect.getMetadata(PATH_METADATA, handler);
      const method = Reflect.getMetadata(METHOD_METADATA, handler);
      if (path === undefined || method === undefined) continue;
      const targets = [handler, metatype];
      const access = reflector.getAllAndOverride(IS_PUBLIC, targets) ? 'public'
        : reflector.getAllAndOverride(ANY_SIGNED_IN, targets) ? 'any-signed-in'
        : reflector.getAllAndOverride(CHECK_ABILITY, targets) ? 'ability' : 'none';
      for (const p of [path].flat() as string[]) routes.push({ method: RequestMethod[method as number], path: join('api/v1', base, p), access });
    }
  }
  return routes;
}
