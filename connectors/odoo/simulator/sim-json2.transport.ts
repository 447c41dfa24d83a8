import { OdooError } from './sim-errors';
import { runCall, type SimEngine } from './sim-engine';
import { bindNamed, callContext, findMethod, toIds } from './sim-methods';

/*
 * JSON-2 (Odoo 19+): POST /json/2/<model>/<method>, `Authorization: bearer <api key>`, optional
 * `X-Odoo-Database`, a JSON object of named arguments plus `ids` and `context`. Errors carry an
 * HTTP status and a flat `{name, message, arguments, context, debug}` body. Per
 * odoo/addons/rpc/controllers/json2.py and the external API documentation.
 */

const notFound = (message: string): OdooError => new OdooError('werkzeug.exceptions.NotFound', message, 404);

/** Answers one JSON-2 request. */
export function handleJson2(
  engine: SimEngine,
  request: {
    method: string;
    model: string;
    name: string;
    authorization: string | undefined;
    database: string | undefined;
    body: unknown;
  },
): { status: number; body: unknown } {
  try {
    if (engine.version !== '19.0') throw notFound('Not Found');
    const key = /^bearer\s+(.+)$/i.exec(request.authorization ?? '')?.[1];
    if (key !== engine.apiKey) throw new OdooError('werkzeug.exceptions.Unauthorized', 'Invalid apikey', 401);
    if (request.database !== undefined && request.database !== engine.db) {
      throw notFound(`database ${request.database} not found`);
    }
    if (request.method !== 'POST') {
      throw new OdooError(
        'werkzeug.exceptions.MethodNotAllowed',
        'The method is not allowed for the requested URL.',
      );
    }
    const body = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new OdooError('werkzeug.exceptions.BadRequest', 'The request body must be a JSON object.');
    }
    const { model, name } = request;
    if (!engine.orm.hasModel(model)) throw notFound(`the model '${model}' does not exist`);
    const result = runCall(engine, 'json2', model, name, () => {
      const spec = findMethod(engine.orm, model, name);
      const { ids: rawIds, context, ...named } = body as Record<string, unknown>;
      if (spec.apiModel && rawIds !== undefined) {
        throw new OdooError(
          'werkzeug.exceptions.UnprocessableEntity',
          `cannot call ${model}.${name} with ids`,
          422,
        );
      }
      const ids = spec.apiModel ? [] : toIds(rawIds ?? []);
      const bound = bindNamed(spec, name, named);
      return spec.run(engine.orm, model, ids, bound, callContext(context, engine.uid));
    });
    return { status: 200, body: result === undefined ? null : result };
  } catch (err) {
    const error = err instanceof OdooError ? err : new OdooError('builtins.Exception', String(err), 500);
    return { status: error.status, body: error.toData() };
  }
}
