import { HubSpotSimulator } from '../../connectors/hubspot/simulator/hubspot-simulator';
import { OdooSimulator } from '../../connectors/odoo/simulator/odoo-simulator';
import { SquareSimulator } from '../../connectors/square/simulator/square-simulator';
import { HUBSPOT_TEN_SECOND_LIMIT, type DemoEndpoints } from './config-yaml';
import { prepareOdooForSquare, type Lookups } from './odoo-setup';

/** What every Square variation starts with in each Odoo warehouse. */
const INITIAL_ODOO_QUANTITY = 5000;

/** The three vendor simulators of the demo, on loopback. */
export interface DemoSimulators {
  readonly square: SquareSimulator;
  readonly odoo: OdooSimulator;
  readonly hubspot: HubSpotSimulator;
  /** The lookups Odoo's preparation produced (taxes, warehouses, locations, SKUs…). */
  readonly lookups: Lookups;
  readonly endpoints: DemoEndpoints;
  /** `${VAR}`s the generated poshub.yaml refers to. */
  readonly secrets: Record<string, string>;
  close(): Promise<void>;
}

/** Starts Square (with its sale generator), Odoo (prepared like the shop's ERP) and HubSpot. */
export async function startSimulators(): Promise<DemoSimulators> {
  const square = await SquareSimulator.start({ seed: 42 });
  const odoo = await OdooSimulator.start({ version: '17.0', seed: 4 });
  const hubspot = await HubSpotSimulator.start({
    seed: 5,
    limits: { tenSecondly: HUBSPOT_TEN_SECOND_LIMIT },
  });
  const close = async () => {
    await Promise.allSettled([square.close(), odoo.close(), hubspot.close()]);
  };
  try {
    const { lookups } = prepareOdooForSquare(odoo, square, { initialQuantity: INITIAL_ODOO_QUANTITY });
    return {
      square,
      odoo,
      hubspot,
      lookups,
      endpoints: {
        squareUrl: square.url,
        squareLocationIds: square.locationIds,
        odooUrl: odoo.url,
        odooDb: odoo.db,
        odooLogin: odoo.login,
        hubspotUrl: hubspot.url,
      },
      secrets: {
        DEMO_SQUARE_TOKEN: square.accessToken,
        DEMO_ODOO_KEY: odoo.apiKey,
        DEMO_HUBSPOT_TOKEN: hubspot.accessToken,
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
