import { loadOpenApi } from '../../../test/support/openapi-validator';
import { SquareSimulator, type SquareOrder } from './square-simulator';

const SPEC = `${__dirname}/../../../../shared/specs/square/square-api-subset.openapi.json`;
const validator = loadOpenApi(SPEC);

/** Half-to-even integer rounding of n / d, computed independently of the simulator's helpers. */
function roundHalfEven(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = (n % d) * 2n;
  return r > d || (r === d && q % 2n === 1n) ? q + 1n : q;
}

function timesQuantity(amount: number, quantity: string): number {
  const [whole, frac = ''] = quantity.split('.');
  return Number(roundHalfEven(BigInt(amount) * BigInt(whole! + frac), 10n ** BigInt(frac.length)));
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** Every arithmetic rule of a Square sale, in integers; returns the broken ones. */
function saleProblems(o: SquareOrder): string[] {
  const p: string[] = [];
  const cur = o.total_money.currency;
  const additive = new Set((o.taxes ?? []).filter((t) => t.type === 'ADDITIVE').map((t) => t.uid));
  for (const l of o.line_items ?? []) {
    if (l.gross_sales_money.amount !== timesQuantity(l.base_price_money.amount, l.quantity))
      p.push(`${l.uid} gross`);
    const disc = sum((l.applied_discounts ?? []).map((d) => d.applied_money.amount));
    const tax = sum((l.applied_taxes ?? []).map((t) => t.applied_money.amount));
    const add = sum(
      (l.applied_taxes ?? []).filter((t) => additive.has(t.tax_uid)).map((t) => t.applied_money.amount),
    );
    if (l.total_discount_money.amount !== disc) p.push(`${l.uid} discount`);
    if (l.total_tax_money.amount !== tax) p.push(`${l.uid} tax`);
    if (l.total_money.amount !== l.gross_sales_money.amount - disc + add) p.push(`${l.uid} total`);
    for (const m of [l.base_price_money, l.gross_sales_money, l.total_money])
      if (m.currency !== cur) p.push('currency');
  }
  const lines = o.line_items ?? [];
  for (const d of o.discounts ?? []) {
    const applied = sum(
      lines
        .flatMap((l) => (l.applied_discounts ?? []).filter((a) => a.discount_uid === d.uid))
        .map((a) => a.applied_money.amount),
    );
    if (applied !== d.applied_money.amount) p.push(`discount ${d.uid} applied`);
  }
  for (const t of o.taxes ?? []) {
    const applied = sum(
      lines
        .flatMap((l) => (l.applied_taxes ?? []).filter((a) => a.tax_uid === t.uid))
        .map((a) => a.applied_money.amount),
    );
    if (applied !== t.applied_money.amount) p.push(`tax ${t.uid} applied`);
  }
  const sc = sum((o.service_charges ?? []).map((s) => s.total_money.amount));
  if (o.total_service_charge_money.amount !== sc) p.push('service charge total');
  if (o.total_discount_money.amount !== sum(lines.map((l) => l.total_discount_money.amount)))
    p.push('discount total');
  if (o.total_tax_money.amount !== sum(lines.map((l) => l.total_tax_money.amount))) p.push('tax total');
  const tip = sum((o.tenders ?? []).map((t) => t.tip_money?.amount ?? 0));
  if (o.total_tip_money.amount !== tip) p.push('tip');
  if (o.total_money.amount !== sum(lines.map((l) => l.total_money.amount)) + sc + tip) p.push('order total');
  if (sum((o.tenders ?? []).map((t) => t.amount_money.amount)) !== o.total_money.amount) p.push('tenders');
  for (const t of o.tenders ?? []) {
    if (t.type === 'CASH') {
      const c = t.cash_details!;
      if (c.buyer_tendered_money.amount - c.change_back_money.amount !== t.amount_money.amount)
        p.push('cash change');
    } else if (!t.card_details?.card.card_brand) p.push('card brand');
  }
  return p;
}

function returnProblems(o: SquareOrder, byId: Map<string, SquareOrder>): string[] {
  const p: string[] = [];
  const ret = o.returns![0]!;
  const sale = byId.get(ret.source_order_id);
  if (!sale) return ['source order missing'];
  const additive = new Set((ret.return_taxes ?? []).filter((t) => t.type === 'ADDITIVE').map((t) => t.uid));
  for (const l of ret.return_line_items) {
    const source = sale.line_items!.find((s) => s.uid === l.source_line_item_uid);
    if (!source) p.push('source line missing');
    else if (Number(l.quantity) > Number(source.quantity)) p.push('returns more than sold');
    if (l.gross_return_money.amount !== timesQuantity(l.base_price_money.amount, l.quantity))
      p.push('return gross');
    const disc = sum((l.applied_discounts ?? []).map((d) => d.applied_money.amount));
    const add = sum(
      (l.applied_taxes ?? []).filter((t) => additive.has(t.tax_uid)).map((t) => t.applied_money.amount),
    );
    if (l.total_money.amount !== l.gross_return_money.amount - disc + add) p.push('return line total');
  }
  const total = sum(ret.return_line_items.map((l) => l.total_money.amount));
  if (o.return_amounts!.total_money.amount !== total) p.push('return_amounts');
  if (o.net_amounts.total_money.amount !== -total) p.push('net_amounts');
  if (sum((o.refunds ?? []).map((r) => r.amount_money.amount)) !== total) p.push('refunds');
  for (const r of o.refunds ?? []) {
    if (r.transaction_id !== sale.id || !sale.tenders!.some((t) => t.id === r.tender_id))
      p.push('refund tender');
  }
  if (Date.parse(o.created_at) < Date.parse(sale.closed_at)) p.push('return before sale');
  return p;
}

describe('SquareSimulator order generator', () => {
  const cases = [
    { currency: 'USD', country: 'US' },
    { currency: 'JPY', country: 'JP' },
    { currency: 'VND', country: 'VN' },
  ];

  it.each(cases)(
    'generates internally consistent $currency sales and returns that validate',
    async ({ currency, country }) => {
      const sim = await SquareSimulator.start({
        seed: 42,
        locations: [{ id: `L${currency}1`, name: 'Main', currency, timezone: 'UTC', country }],
      });
      try {
        const orders = sim.generateOrders(300, { refundRatio: 0.2, customers: 15 });
        expect(orders).toHaveLength(360);
        const byId = new Map(sim.orders().map((o) => [o.id, o]));
        const customerIds = new Set(sim.customers().map((c) => c.id));
        const problems: string[] = [];
        for (const o of orders) {
          problems.push(...validator.validateSchema('Order', o));
          problems.push(
            ...(o.returns ? returnProblems(o, byId) : saleProblems(o)).map((m) => `${o.id}: ${m}`),
          );
          if (o.customer_id && !customerIds.has(o.customer_id)) problems.push(`${o.id}: unknown customer`);
          if (o.total_money.currency !== currency) problems.push(`${o.id}: currency`);
        }
        expect(problems).toEqual([]);

        const sales = orders.filter((o) => !o.returns);
        const returns = orders.filter((o) => o.returns);
        const lines = sales.flatMap((o) => o.line_items ?? []);
        // The mix the hub must handle is really there.
        expect(returns).toHaveLength(60);
        expect(lines.some((l) => l.quantity.includes('.'))).toBe(true);
        expect(sales.some((o) => o.taxes?.some((t) => t.type === 'INCLUSIVE'))).toBe(true);
        expect(sales.some((o) => o.taxes?.some((t) => t.type === 'ADDITIVE'))).toBe(true);
        expect(sales.some((o) => (o.taxes?.length ?? 0) > 1 && (o.discounts?.length ?? 0) > 1)).toBe(true);
        expect(sales.some((o) => o.tenders!.length > 1)).toBe(true);
        expect(sales.some((o) => o.tenders!.some((t) => t.type === 'CASH'))).toBe(true);
        expect(sales.some((o) => o.total_tip_money.amount > 0)).toBe(true);
        expect(sales.some((o) => o.total_service_charge_money.amount > 0)).toBe(true);
        expect(sales.some((o) => o.customer_id)).toBe(true);
        const partial = returns.filter((r) => {
          const sale = byId.get(r.returns![0]!.source_order_id)!;
          return (
            r.return_amounts!.total_money.amount < sum(sale.line_items!.map((l) => l.total_money.amount))
          );
        });
        expect(partial.length).toBeGreaterThan(0);
        expect(partial.length).toBeLessThan(returns.length);
      } finally {
        await sim.close();
      }
    },
  );

  it('is deterministic for a seed and a fixed end time', async () => {
    const at = new Date('2025-03-01T12:00:00Z');
    const a = await SquareSimulator.start({ seed: 9 });
    const b = await SquareSimulator.start({ seed: 9 });
    const c = await SquareSimulator.start({ seed: 10 });
    try {
      // Catalog versions follow the start time; compare everything else.
      const strip = (orders: SquareOrder[]) =>
        JSON.stringify(orders, (k, v: unknown) => (k === 'catalog_version' ? undefined : v));
      expect(strip(a.generateOrders(50, { at }))).toBe(strip(b.generateOrders(50, { at })));
      expect(strip(c.generateOrders(50, { at }))).not.toBe(strip(a.orders()));
      for (const o of a.orders()) {
        expect(Date.parse(o.created_at)).toBeLessThanOrEqual(Date.parse(o.closed_at));
        expect(Date.parse(o.closed_at)).toBeLessThanOrEqual(at.getTime());
      }
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  it('places a later batch after the previous one and honours the location currency', async () => {
    const sim = await SquareSimulator.start({
      locations: [
        { id: 'LUS', name: 'NYC', currency: 'USD', timezone: 'America/New_York', country: 'US' },
        { id: 'LJP', name: 'Tokyo', currency: 'JPY', timezone: 'Asia/Tokyo', country: 'JP' },
      ],
    });
    try {
      const first = sim.generateOrders(20, { currency: 'USD' });
      const second = sim.generateOrders(20, { currency: 'JPY' });
      const latestFirst = Math.max(...first.map((o) => Date.parse(o.updated_at)));
      expect(Math.min(...second.map((o) => Date.parse(o.created_at)))).toBeGreaterThan(latestFirst);
      expect(first.every((o) => o.location_id === 'LUS' && o.total_money.currency === 'USD')).toBe(true);
      expect(second.every((o) => o.location_id === 'LJP' && o.total_money.currency === 'JPY')).toBe(true);
      expect(() => sim.generateOrders(1, { currency: 'VND' })).toThrow(/no location prices in VND/);
      expect(Math.max(...second.map((o) => Date.parse(o.updated_at)))).toBeLessThanOrEqual(Date.now());
    } finally {
      await sim.close();
    }
  });
});
