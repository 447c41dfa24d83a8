import type { Kysely } from 'kysely';
import { DeliveryOperatorRepository } from './delivery-operator.repository';
import { DeliveryQueriesRepository } from './delivery-queries.repository';
import { DeliveryReportsRepository } from './delivery-reports.repository';
import { DeliveryStatesRepository } from './delivery-states.repository';
import type { LedgerSchema } from './schema';

type States = DeliveryStatesRepository;
type Operator = DeliveryOperatorRepository;
type Queries = DeliveryQueriesRepository;
type Reports = DeliveryReportsRepository;

/**
 * The outbox: one row per (record version, route), the authority on what was delivered. The SQL
 * lives in one repository per job (pipeline state transitions, operator actions, reads, reports);
 * this class only forwards to them so callers keep the one `ledger.deliveries` surface. Each method
 * is documented where it is implemented.
 */
export class DeliveriesRepository {
  private readonly states: States;
  private readonly operator: Operator;
  private readonly queries: Queries;
  private readonly reports: Reports;

  constructor(db: Kysely<LedgerSchema>) {
    this.states = new DeliveryStatesRepository(db);
    this.operator = new DeliveryOperatorRepository(db);
    this.queries = new DeliveryQueriesRepository(db);
    this.reports = new DeliveryReportsRepository(db);
  }

  /** {@inheritDoc DeliveryStatesRepository.createMany} */
  createMany(...args: Parameters<States['createMany']>): ReturnType<States['createMany']> {
    return this.states.createMany(...args);
  }

  /** {@inheritDoc DeliveryStatesRepository.markDone} */
  markDone(...args: Parameters<States['markDone']>): ReturnType<States['markDone']> {
    return this.states.markDone(...args);
  }

  /** {@inheritDoc DeliveryStatesRepository.markDead} */
  markDead(...args: Parameters<States['markDead']>): ReturnType<States['markDead']> {
    return this.states.markDead(...args);
  }

  /** {@inheritDoc DeliveryStatesRepository.markSkipped} */
  markSkipped(...args: Parameters<States['markSkipped']>): ReturnType<States['markSkipped']> {
    return this.states.markSkipped(...args);
  }

  /** {@inheritDoc DeliveryStatesRepository.recordFailure} */
  recordFailure(...args: Parameters<States['recordFailure']>): ReturnType<States['recordFailure']> {
    return this.states.recordFailure(...args);
  }

  /** {@inheritDoc DeliveryStatesRepository.supersedeOlder} */
  supersedeOlder(...args: Parameters<States['supersedeOlder']>): ReturnType<States['supersedeOlder']> {
    return this.states.supersedeOlder(...args);
  }

  /** {@inheritDoc DeliveryOperatorRepository.resetForRetry} */
  resetForRetry(...args: Parameters<Operator['resetForRetry']>): ReturnType<Operator['resetForRetry']> {
    return this.operator.resetForRetry(...args);
  }

  /** {@inheritDoc DeliveryOperatorRepository.setOverrides} */
  setOverrides(...args: Parameters<Operator['setOverrides']>): ReturnType<Operator['setOverrides']> {
    return this.operator.setOverrides(...args);
  }

  /** {@inheritDoc DeliveryOperatorRepository.skipByOperator} */
  skipByOperator(...args: Parameters<Operator['skipByOperator']>): ReturnType<Operator['skipByOperator']> {
    return this.operator.skipByOperator(...args);
  }

  /** {@inheritDoc DeliveryQueriesRepository.get} */
  get(...args: Parameters<Queries['get']>): ReturnType<Queries['get']> {
    return this.queries.get(...args);
  }

  /** {@inheritDoc DeliveryQueriesRepository.listByRecordIds} */
  listByRecordIds(...args: Parameters<Queries['listByRecordIds']>): ReturnType<Queries['listByRecordIds']> {
    return this.queries.listByRecordIds(...args);
  }

  /** {@inheritDoc DeliveryQueriesRepository.latestPendingVersion} */
  latestPendingVersion(
    ...args: Parameters<Queries['latestPendingVersion']>
  ): ReturnType<Queries['latestPendingVersion']> {
    return this.queries.latestPendingVersion(...args);
  }

  /** {@inheritDoc DeliveryQueriesRepository.listPendingIds} */
  listPendingIds(...args: Parameters<Queries['listPendingIds']>): ReturnType<Queries['listPendingIds']> {
    return this.queries.listPendingIds(...args);
  }

  /** {@inheritDoc DeliveryQueriesRepository.list} */
  list(...args: Parameters<Queries['list']>): ReturnType<Queries['list']> {
    return this.queries.list(...args);
  }

  /** {@inheritDoc DeliveryQueriesRepository.listRefs} */
  listRefs(...args: Parameters<Queries['listRefs']>): ReturnType<Queries['listRefs']> {
    return this.queries.listRefs(...args);
  }

  /** {@inheritDoc DeliveryReportsRepository.errorSummaries} */
  errorSummaries(...args: Parameters<Reports['errorSummaries']>): ReturnType<Reports['errorSummaries']> {
    return this.reports.errorSummaries(...args);
  }

  /** {@inheritDoc DeliveryReportsRepository.errorsGroupedByReason} */
  errorsGroupedByReason(
    ...args: Parameters<Reports['errorsGroupedByReason']>
  ): ReturnType<Reports['errorsGroupedByReason']> {
    return this.reports.errorsGroupedByReason(...args);
  }

  /** {@inheritDoc DeliveryReportsRepository.countByStatus} */
  countByStatus(): ReturnType<Reports['countByStatus']> {
    return this.reports.countByStatus();
  }

  /** {@inheritDoc DeliveryReportsRepository.countByDestinationAndStatus} */
  countByDestinationAndStatus(): ReturnType<Reports['countByDestinationAndStatus']> {
    return this.reports.countByDestinationAndStatus();
  }
}
