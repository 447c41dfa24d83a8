import { objectBody, type SimContext } from './sim-context';
import { resolveType } from './sim-object-types';
import type { SimRouter } from './sim-router';

/** Property definitions and groups: `/crm/v3/properties/{type}[/groups][/{name}]`. */
export function registerPropertyRoutes(router: SimRouter, ctx: SimContext): void {
  const base = '/crm/v3/properties/{objectType}';
  const type = (p: Record<string, string>) => resolveType(p.objectType!).id;
  router.add('GET', base, (req) => ({ status: 200, body: { results: ctx.props.list(type(req.params)) } }));
  router.add('GET', `${base}/groups`, (req) => ({
    status: 200,
    body: { results: ctx.props.listGroups(type(req.params)) },
  }));
  router.add(
    'POST',
    `${base}/groups`,
    (req) => ({ status: 201, body: ctx.props.createGroup(type(req.params), objectBody(req.body)) }),
    { write: true },
  );
  router.add('GET', `${base}/{propertyName}`, (req) => ({
    status: 200,
    body: ctx.props.get(type(req.params), req.params.propertyName!),
  }));
  router.add(
    'POST',
    base,
    (req) => ({ status: 201, body: ctx.props.create(type(req.params), objectBody(req.body)) }),
    { write: true },
  );
}
