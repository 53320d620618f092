import {
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLNamedType,
  type GraphQLObjectType,
  getNamedType,
  getNullableType,
  isAbstractType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  valueFromASTUntyped,
} from 'graphql';

/**
 * The cost of an operation estimates the values its answer can hold, before anything runs (issue 16: a cost that
 * counted fields let 15 aliases of a 5,000-seat map through — 10.6 MB for one anonymous request):
 *
 * - every field is one value for each object it is read on;
 * - a list multiplies what is selected inside it by its size: a page by its `first`/`limit` argument (the
 *   argument's default, else {@link DEFAULT_PAGE}, when left out; {@link MAX_PAGE}, the most any page serves
 *   (kit paging.ts), when it is a variable — validation runs once per document, before variables are known);
 *   a connection's `edges` by the page of the field that returned it; a list without a page argument by
 *   {@link LIST_SIZES}, else {@link DEFAULT_LIST};
 * - a packed field (one string or JSON value standing for a value per seat) counts the values it packs.
 *
 * The router cannot know an event's seat count before the seat map is read, so a seat map counts
 * `seatsPerMap` seats: the largest venue we sell (the seeded 20,000-seat stadium). An admin's full seat map
 * (`seats { id label status x y }`) or the buyer's packed map (`layout { seats }`, `statusCodes`) fits in the
 * default limit once; two seat maps in one request, or seat maps across a page of events, do not.
 *
 * It replaces graphql-armor's cost limit, which counts fields and depth but not list sizes. Like Apollo
 * Router's demand control (IBM `@listSize`/`@cost`), but from a table here: `@apollo/gateway` does not act on
 * those directives, and the subgraphs do not declare them.
 */
export interface CostOptions {
  /** Largest cost an operation may have. */
  maxCost: number;
  /** Seats a seat map is counted as (SeatMap.seats, the packed seat fields). @default 20000 */
  seatsPerMap?: number;
  /** Quote the limit and the cost in the message (not in production, issue 16). */
  exposeLimits: boolean;
}

/** Page size of a paginated field whose `first`/`limit` is left out and has no default (kit paging.ts). */
export const DEFAULT_PAGE = 20;
/** The largest page any paginated field serves (kit paging.ts): what a page given by a variable counts. */
export const MAX_PAGE = 100;
/** Size of a list field with no page argument and no entry in {@link LIST_SIZES}. */
export const DEFAULT_LIST = 20;

/** `SEATS`: sized by the seat estimate. Lists not named here count {@link DEFAULT_LIST}. */
const SEATS = 'seats' as const;
/** A layout row's seats: the seat estimate spread over a layout's sections and rows. */
const SEATS_PER_ROW = 'seats per row' as const;
type ListSize = number | typeof SEATS | typeof SEATS_PER_ROW;
const LAYOUT_SECTIONS = 50;
const ROWS_PER_SECTION = 40;

/** Lists without a page argument, by their largest realistic size. */
export const LIST_SIZES: Readonly<Record<string, ListSize>> = {
  'SeatMap.seats': SEATS,
  // A ticket per seat of the event, at most.
  'ScannerKit.revokedTicketIds': SEATS,
  'ScannerKit.checkedInTicketIds': SEATS,
  'ScannerKit.conflicts': 1_000,
  'SeatMapChanges.seatIds': SEATS,
  'SeatMapChanges.seatIndexes': SEATS,
  // A layout's sections × rows × seats per row is one venue's seats, however they are split.
  'SeatLayout.sections': LAYOUT_SECTIONS,
  'LayoutSection.rows': ROWS_PER_SECTION,
  'LayoutRow.seats': SEATS_PER_ROW,
  // A hold, a reservation or a change names a handful of seats; an admin's block can name many.
  'SeatHold.seats': 10,
  'Reservation.seats': 10,
  'Reservation.tickets': 10,
  'SeatChange.seats': 100,
  'Event.artists': 10,
  'Event.ticketTypes': 10,
  'Payment.cancels': 10,
  'Query.venues': 100,
  'Query.keywordMappings': 500,
  'Query.apiKeys': 100,
  'Query.seatLayouts': 50,
  'Query.paymentLogs': 50,
  'SalesStats.days': 366,
  'Event.dailySales': 366,
};

/**
 * Packed fields: one value standing for several per seat, counted as the values it packs.
 * `SeatMapLayout.seats` packs per seat its id, section, row, number, x, y and ticket type.
 */
const PACKED_FIELDS: Readonly<Record<string, { perSeat: number }>> = {
  'SeatMap.statusCodes': { perSeat: 1 },
  'SeatMapLayout.seats': { perSeat: 7 },
  'SeatMapChanges.statusCodes': { perSeat: 1 },
};

const PAGE_ARGUMENTS = ['first', 'limit'];

/** The estimate of one operation, with the fragments it spreads. Exported for tests and tools. */
export function operationCost(
  context: Pick<ValidationContext, 'getSchema' | 'getFragment'>,
  operation: OperationDefinitionNode,
  seatsPerMap = 20_000,
): number {
  const schema = context.getSchema();
  const root =
    operation.operation === 'query'
      ? schema.getQueryType()
      : operation.operation === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  if (!root) return 0;
  const sizeOf = (size: ListSize) =>
    size === SEATS
      ? seatsPerMap
      : size === SEATS_PER_ROW
        ? Math.ceil(seatsPerMap / (LAYOUT_SECTIONS * ROWS_PER_SECTION))
        : size;

  /** A page argument's value, or undefined when the field has none. */
  const pageOf = (node: FieldNode, argumentNames: readonly { name: string; defaultValue: unknown }[]) => {
    const declared = argumentNames.find((a) => PAGE_ARGUMENTS.includes(a.name));
    if (!declared) return undefined;
    const given = node.arguments?.find((a) => a.name.value === declared.name)?.value;
    if (!given) return typeof declared.defaultValue === 'number' ? declared.defaultValue : DEFAULT_PAGE;
    // A variable may be sent with any value (even where the operation gives it a default).
    const value = given.kind === Kind.VARIABLE ? MAX_PAGE : valueFromASTUntyped(given);
    return typeof value === 'number' && Number.isFinite(value) ? Math.max(0, value) : MAX_PAGE;
  };

  const typeNamed = (name: string) => schema.getType(name) ?? undefined;
  const visiting = new Set<string>();
  // A fragment's cost does not depend on where it is spread (the caller multiplies), only on the page it is
  // handed: remembered, so fragments spreading fragments twice over cannot make this walk exponential.
  const fragmentCosts = new Map<string, number>();

  const selectionCost = (
    selectionSet: SelectionSetNode,
    parent: GraphQLNamedType,
    page: number | undefined,
  ): number => {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? typeNamed(selection.typeCondition.name.value) : parent;
        cost += selectionCost(selection.selectionSet, type ?? parent, page);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const key = `${name}:${page}`;
        const known = fragmentCosts.get(key);
        if (known !== undefined) {
          cost += known;
          continue;
        }
        const fragment: FragmentDefinitionNode | null | undefined = context.getFragment(name);
        // A cycle is refused by graphql-js's own rule; here it only must not loop.
        if (!fragment || visiting.has(name)) continue;
        visiting.add(name);
        const own = selectionCost(
          fragment.selectionSet,
          typeNamed(fragment.typeCondition.name.value) ?? parent,
          page,
        );
        visiting.delete(name);
        fragmentCosts.set(key, own);
        cost += own;
      } else {
        cost += fieldCost(selection, parent, page);
      }
    }
    return cost;
  };

  const fieldCost = (node: FieldNode, parent: GraphQLNamedType, page: number | undefined): number => {
    const name = node.name.value;
    if (name.startsWith('__') || !(isObjectType(parent) || isAbstractType(parent))) return 1;
    // An unknown field is graphql-js's own rule to refuse; an interface's fields are read from the interface.
    const field = isObjectType(parent)
      ? parent.getFields()[name]
      : 'getFields' in parent
        ? (parent as unknown as GraphQLObjectType).getFields()[name]
        : undefined;
    if (!field) return 1;
    const key = `${parent.name}.${name}`;
    const packed = PACKED_FIELDS[key];
    if (packed) return packed.perSeat * seatsPerMap;
    const ownPage = pageOf(node, field.args);
    const type = getNullableType(field.type);
    let size = 1;
    if (isListType(type)) {
      size =
        ownPage ?? (name === 'edges' && page !== undefined ? page : sizeOf(LIST_SIZES[key] ?? DEFAULT_LIST));
    }
    const named = getNamedType(field.type);
    if (!node.selectionSet) return size;
    // A connection hands its page to its `edges`; a list of pages is not something the schema has.
    const inner = selectionCost(node.selectionSet, named, isListType(type) ? undefined : ownPage);
    return 1 + size * inner;
  };

  return selectionCost(operation.selectionSet, root, undefined);
}

/** The validation rule: an operation over `maxCost` is refused (400 GRAPHQL_VALIDATION_FAILED). */
export function costLimitRule(options: CostOptions) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const cost = operationCost(context, operation, options.seatsPerMap);
      if (cost <= options.maxCost) return;
      context.reportError(
        new GraphQLError(
          options.exposeLimits
            ? `Cost limit of ${options.maxCost} exceeded (this operation's estimate is ${cost}). Ask for smaller pages, fewer seat maps or fewer aliases in one request.`
            : 'The query asks for too much at once. Ask for smaller pages, fewer seat maps or fewer aliases in one request.',
          { nodes: [operation] },
        ),
      );
    },
  });
}
