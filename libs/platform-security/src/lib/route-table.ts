import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA, VERSION_METADATA } from '@nestjs/common/constants';
import type { RoutePolicy } from '@massage/security';
import { ROUTE_POLICY } from './route-policy.decorators';

export interface DeclaredRoute {
  method: string;
  /** Full path as Nest maps it (`/v1/locations/:locationId/clients`). */
  path: string;
  controller: string;
  handler: string;
  /** Undefined: the route declares no policy (a defect the route-declaration test reports). */
  policy: RoutePolicy | undefined;
}

type ModuleLike = Type<unknown> | { module: Type<unknown>; controllers?: Type<unknown>[]; imports?: unknown[] };

/**
 * Every HTTP route a module registers, found from Nest's own metadata through the module's imports (static and
 * dynamic), with the policy each declares. Used by the route-declaration test, the BOLA matrix and `main.js routes`.
 */
export function declaredRoutes(root: Type<unknown>): DeclaredRoute[] {
  const routes: DeclaredRoute[] = [];
  const seen = new Set<unknown>();
  const visit = (entry: unknown): void => {
    if (!entry || seen.has(entry)) return;
    seen.add(entry);
    const { moduleClass, extraControllers, extraImports } = unwrap(entry as ModuleLike);
    const controllers = [...((Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, moduleClass) as Type<unknown>[] | undefined) ?? []), ...extraControllers];
    for (const controller of controllers) routes.push(...routesOf(controller));
    for (const imported of [...((Reflect.getMetadata(MODULE_METADATA.IMPORTS, moduleClass) as unknown[] | undefined) ?? []), ...extraImports]) visit(imported);
  };
  visit(root);
  return routes;
}

function unwrap(entry: ModuleLike): { moduleClass: Type<unknown>; extraControllers: Type<unknown>[]; extraImports: unknown[] } {
  if (typeof entry === 'function') return { moduleClass: entry, extraControllers: [], extraImports: [] };
  return { moduleClass: entry.module, extraControllers: entry.controllers ?? [], extraImports: entry.imports ?? [] };
}

function routesOf(controller: Type<unknown>): DeclaredRoute[] {
  const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
  const version = Reflect.getMetadata(VERSION_METADATA, controller) as string | undefined;
  const prototype = controller.prototype as Record<string, unknown>;
  const found: DeclaredRoute[] = [];
  for (const name of Object.getOwnPropertyNames(prototype)) {
    const handler = prototype[name];
    if (name === 'constructor' || typeof handler !== 'function') continue;
    const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
    if (method === undefined) continue;
    const path = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
    const policy = (Reflect.getMetadata(ROUTE_POLICY, handler) ?? Reflect.getMetadata(ROUTE_POLICY, controller)) as RoutePolicy | undefined;
    found.push({ method: RequestMethod[method], path: join(version ? `v${version}` : '', base, path), controller: controller.name, handler: name, policy });
  }
  return found;
}

function join(...segments: string[]): string {
  const path = segments
    .flatMap((s) => s.split('/'))
    .filter(Boolean)
    .join('/');
  return `/${path}`;
}
