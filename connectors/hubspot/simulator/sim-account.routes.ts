import type { SimContext } from './sim-context';
import { notFound, validationError } from './sim-errors';
import { resolveType } from './sim-object-types';
import type { SimRouter } from './sim-router';

/** `GET /account-info/v3/details` and the deal pipelines. */
export function registerAccountRoutes(router: SimRouter, ctx: SimContext): void {
  router.add('GET', '/account-info/v3/details', () => {
    const offsetMs = utcOffsetMs(ctx.account.timeZone, Date.now());
    return {
      status: 200,
      body: {
        portalId: ctx.account.portalId,
        accountType: 'STANDARD',
        timeZone: ctx.account.timeZone,
        companyCurrency: ctx.account.companyCurrency,
        additionalCurrencies: [...ctx.account.additionalCurrencies],
        utcOffset: formatOffset(offsetMs),
        utcOffsetMilliseconds: offsetMs,
        uiDomain: 'app.hubspot.com',
        dataHostingLocation: 'na1',
      },
    };
  });
  const dealsOnly = (segment: string) => {
    if (resolveType(segment).id !== '0-3') throw validationError(`${segment} has no pipelines.`);
  };
  router.add('GET', '/crm/v3/pipelines/{objectType}', (req) => {
    dealsOnly(req.params.objectType!);
    return { status: 200, body: { results: ctx.pipelines } };
  });
  router.add('GET', '/crm/v3/pipelines/{objectType}/{pipelineId}', (req) => {
    dealsOnly(req.params.objectType!);
    const p = ctx.pipelines.find((x) => x.id === req.params.pipelineId);
    if (!p) throw notFound(`No pipeline with id ${req.params.pipelineId} exists.`);
    return { status: 200, body: p };
  });
}

/** Offset of `timeZone` from UTC at `at`, in ms. */
export function utcOffsetMs(timeZone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(at);
  const n = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const local = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return local - Math.floor(at / 1000) * 1000;
}

function formatOffset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const minutes = Math.abs(ms) / 60_000;
  const pad = (x: number) => String(Math.floor(x)).padStart(2, '0');
  return `${sign}${pad(minutes / 60)}:${pad(minutes % 60)}`;
}
