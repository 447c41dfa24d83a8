import { StockMap } from './stock-map';
import {
  erpOwnedQuantity,
  netSold,
  posOwnedQuantity,
  stockKey,
  syncLevel,
  type StockSale,
} from './stock-math';
import { isLow, lowSince, thresholdOf } from './low-stock';
import { driftRows, isDrifting } from './stock-drift';

const map = new StockMap(
  { owner: 'pos', erp: 'odoo', pos: 'square', locations: 'locs', products: 'skus' },
  { locs: { L1: '8', L2: '12', L3: '12' }, skus: { BEANS: 'VAR-B', MUG: 'VAR-M' } },
);

const sale = (kind: string, locationId: string, lines: [string, string][], extra = {}): StockSale => ({
  kind,
  locationId,
  lines: lines.map(([externalId, quantity]) => ({ product: { externalId }, quantity })),
  ...extra,
});

describe('stock sync arithmetic', () => {
  it('nets sales minus refunds per SKU and POS location, exactly, ignoring voids, summaries and unknown products', () => {
    const sold = netSold(
      [
        sale('sale', 'L1', [
          ['VAR-B', '1.5'],
          ['VAR-M', '2'],
          ['VAR-?', '9'],
        ]),
        sale('sale', 'L1', [['VAR-B', '0.25']]),
        sale('refund', 'L1', [['VAR-B', '0.5']]),
        sale('void', 'L1', [['VAR-B', '7']]),
        sale('sale', 'L1', [['VAR-B', '100']], { summary: {} }),
        sale('sale', 'L2', [['VAR-B', '3']]),
      ],
      (p) => map.posSku(p),
    );
    expect(Object.fromEntries(sold)).toEqual({
      [stockKey('BEANS', 'L1')]: '1.25',
      [stockKey('MUG', 'L1')]: '2',
      [stockKey('BEANS', 'L2')]: '3',
    });
  });

  it('ERP-owned: ERP figure minus undelivered sold; POS-owned: Σ counts plus undelivered sold', () => {
    expect(erpOwnedQuantity('10', '2.5')).toBe('7.5');
    expect(erpOwnedQuantity('10', undefined)).toBe('10');
    expect(erpOwnedQuantity('1', '3')).toBe('-2');
    expect(posOwnedQuantity(['4', '6.5'], ['1', undefined])).toBe('11.5');
    expect(syncLevel('BEANS', 'L1', '3', '2025-03-01T10:00:00+07:00')).toEqual({
      externalId: 'BEANS@L1',
      product: { sku: 'BEANS' },
      locationId: 'L1',
      quantity: '3',
      countedAt: '2025-03-01T03:00:00.000Z',
    });
  });

  it('resolves locations both ways and SKUs through the products lookup read backwards', () => {
    expect(map.erpLocation('L2')).toBe('12');
    expect(map.posLocations('12')).toEqual(['L2', 'L3']);
    expect(map.posLocations('99')).toEqual([]);
    expect(map.posSku({ externalId: 'VAR-M' })).toBe('MUG');
    expect(map.posSku({ externalId: 'VAR-M', sku: 'OWN' })).toBe('OWN');
    expect(map.erpSku({ externalId: '5' })).toBeUndefined();
    expect([map.posKnows('MUG'), map.posKnows('SKU-001')]).toEqual([true, false]);
  });

  it('dates a low-stock run from its first low version and picks per-SKU thresholds', () => {
    const lowStock = { default: '5', bySku: { MUG: '1' } };
    expect([
      thresholdOf(lowStock, 'MUG'),
      thresholdOf(lowStock, 'BEANS'),
      thresholdOf(undefined, 'X'),
    ]).toEqual(['1', '5', undefined]);
    expect([isLow('5', '5'), isLow('5.001', '5')]).toEqual([true, false]);
    const v = (quantity: string, storedAt: string) => ({ quantity, storedAt });
    expect(lowSince([v('9', 'a'), v('4', 'b'), v('9', 'c'), v('3', 'd'), v('5', 'e')], '5')).toBe('d');
    expect(lowSince([v('3', 'a'), v('9', 'b')], '5')).toBeUndefined();
  });

  it('pairs a group of POS locations with its ERP location and explains drift by in-flight sales', () => {
    const f = (sku: string, location: string, quantity: string, countedAt: string) => ({
      recordId: `${sku}@${location}`,
      sku,
      location,
      quantity,
      countedAt,
    });
    const rows = driftRows(
      map,
      [
        f('BEANS', 'L2', '4', '2025-03-01T10:00:00Z'),
        f('BEANS', 'L3', '5', '2025-03-01T09:00:00Z'),
        f('MUG', 'L1', '1', '2025-03-01T10:00:00Z'),
      ],
      [f('BEANS', '12', '11', '2025-03-01T09:30:00Z')],
      new Map([[stockKey('BEANS', 'L3'), '2']]),
      new Date('2025-03-01T10:00:00Z'),
    );
    expect(rows).toEqual([
      {
        sku: 'BEANS',
        erpLocation: '12',
        posLocations: ['L2', 'L3'],
        pos: { quantity: '9', countedAt: '2025-03-01T09:00:00Z' },
        erp: { quantity: '11', countedAt: '2025-03-01T09:30:00Z' },
        difference: '-2',
        inFlight: '2',
        unexplained: '0',
        ageSeconds: 3600,
      },
      expect.objectContaining({
        sku: 'MUG',
        erpLocation: '8',
        erp: null,
        difference: null,
        ageSeconds: null,
      }),
    ]);
    expect(rows.map(isDrifting)).toEqual([false, true]);
  });
});
