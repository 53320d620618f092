import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { EventRef as EventRefModel, UserRef as UserRefModel } from '../modules/event/event-ref.ts';
import type { SeatView as SeatViewModel, TicketTypeView as TicketTypeViewModel, SeatMapView as SeatMapViewModel, AvailabilityView as AvailabilityViewModel, SeatChangeBatch as SeatChangeBatchModel } from '../modules/seat/seat-view.ts';
import type { PackedLayout as PackedLayoutModel } from '../modules/seat/packed-layout.ts';
import type { HoldView as HoldViewModel } from '../modules/hold/hold-view.ts';
import type { Reservation as ReservationModel } from '../modules/reservation/reservation.entity.ts';
import type { SeatLayout as SeatLayoutModel } from '../modules/layout/layout.entity.ts';
import type { TicketView as TicketViewModel, TransferView as TransferViewModel, StaffView as StaffViewModel } from '../modules/ticket/ticket-view.ts';
import type { ListingView as ListingViewModel } from '../modules/ticket/resale.ts';
import type { Context } from '../context.ts';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** ISO-8601 date-time with offset, e.g. 2026-12-24T19:00:00+09:00 */
  DateTime: { input: Date; output: Date; }
  _FieldSet: { input: unknown; output: unknown; }
};

export type AttachSeatLayoutInput = {
  layoutId: Scalars['ID']['input'];
  /** one per code the layout uses */
  ticketTypes: Array<TicketTypeInput>;
};

export type Availability = {
  __typename?: 'Availability';
  available: Scalars['Int']['output'];
  /** taken out of sale by an admin */
  blocked: Scalars['Int']['output'];
  held: Scalars['Int']['output'];
  sold: Scalars['Int']['output'];
  /** every seat, blocked ones included */
  total: Scalars['Int']['output'];
};

/** A second entry of one ticket: this scan lost to an earlier one (first scan wins). */
export type CheckInConflict = {
  __typename?: 'CheckInConflict';
  deviceId: Scalars['String']['output'];
  /** the entry that counts */
  first: FirstCheckIn;
  scannedAt: Scalars['DateTime']['output'];
  seatLabel: Scalars['String']['output'];
  ticketId: Scalars['ID']['output'];
};

export type CheckInOutcome =
  /** let them in */
  | 'ADMITTED'
  /** refused: see reason */
  | 'REFUSED';

export type CheckInRefusal =
  /** already went through a door: see firstCheckIn */
  | 'ALREADY_CHECKED_IN'
  /** the signature does not verify for this event: forged or edited */
  | 'BAD_SIGNATURE'
  /** the rotating code is outside the current 15 s step ±1: a screenshot, or a clock far off */
  | 'CODE_EXPIRED'
  /** not a TIKETI ticket QR (or an old-format one) */
  | 'MALFORMED'
  /** a genuine ticket of another event */
  | 'OTHER_EVENT'
  /** cancelled, refunded, transferred or resold */
  | 'REVOKED';

export type CheckInResult = {
  __typename?: 'CheckInResult';
  /** for ALREADY_CHECKED_IN: when and on which device the ticket went in */
  firstCheckIn?: Maybe<FirstCheckIn>;
  outcome: CheckInOutcome;
  reason?: Maybe<CheckInRefusal>;
  seatLabel?: Maybe<Scalars['String']['output']>;
  /** null when the QR could not be read */
  ticketId?: Maybe<Scalars['ID']['output']>;
};

export type Event = {
  __typename?: 'Event';
  /** seating: counts per status, for the whole event */
  availability: Availability;
  id: Scalars['ID']['output'];
  /**
   * seating: seats offered for resale at face value (or the event's lower cap), cheapest first. Their seats stay
   * SOLD in the seat map; show them with this status beside it. Buy one with `holdResaleListing`.
   */
  resaleListings: Array<ResaleListing>;
  /** seating: every seat with its live status */
  seatMap: SeatMap;
  /** seating: price tiers, in the order the event's seating lists them; empty before a layout is attached */
  ticketTypes: Array<TicketType>;
};

export type EventStaffMember = {
  __typename?: 'EventStaffMember';
  eventId: Scalars['ID']['output'];
  grantedAt: Scalars['DateTime']['output'];
  user: User;
};

/** The check-in that let a ticket in first. */
export type FirstCheckIn = {
  __typename?: 'FirstCheckIn';
  at: Scalars['DateTime']['output'];
  deviceId: Scalars['String']['output'];
};

export type HoldSeatsInput = {
  /** required while the event's waiting room is on: the pass issued on admission */
  admissionPass?: InputMaybe<Scalars['String']['input']>;
  eventId: Scalars['ID']['input'];
  seatIds: Array<Scalars['ID']['input']>;
};

export type LayoutRow = {
  __typename?: 'LayoutRow';
  name: Scalars['String']['output'];
  seats: Array<LayoutSeat>;
  /** default ticket type code of the row's seats */
  ticketType?: Maybe<Scalars['String']['output']>;
};

export type LayoutRowInput = {
  name: Scalars['String']['input'];
  /** in order along the row */
  seats: Array<LayoutSeatInput>;
  ticketType?: InputMaybe<Scalars['String']['input']>;
};

export type LayoutSeat = {
  __typename?: 'LayoutSeat';
  /** an aisle or gap precedes this seat: it is not adjacent to the one listed before it */
  gapBefore: Scalars['Boolean']['output'];
  label?: Maybe<Scalars['String']['output']>;
  number: Scalars['Int']['output'];
  ticketType?: Maybe<Scalars['String']['output']>;
  x: Scalars['Float']['output'];
  y: Scalars['Float']['output'];
};

export type LayoutSeatInput = {
  /** an aisle or gap precedes this seat */
  gapBefore?: InputMaybe<Scalars['Boolean']['input']>;
  /** defaults to '<section> <row>-<number>' */
  label?: InputMaybe<Scalars['String']['input']>;
  /** 1…9999, unique in the row */
  number: Scalars['Int']['input'];
  /** overrides the row's ticket type */
  ticketType?: InputMaybe<Scalars['String']['input']>;
  x: Scalars['Float']['input'];
  y: Scalars['Float']['input'];
};

export type LayoutSection = {
  __typename?: 'LayoutSection';
  name: Scalars['String']['output'];
  rows: Array<LayoutRow>;
  /** default ticket type code of the section's rows */
  ticketType?: Maybe<Scalars['String']['output']>;
};

export type LayoutSectionInput = {
  name: Scalars['String']['input'];
  rows: Array<LayoutRowInput>;
  /** ticket type of the whole block unless a row or seat says otherwise */
  ticketType?: InputMaybe<Scalars['String']['input']>;
};

export type Mutation = {
  __typename?: 'Mutation';
  /** recipient: takes the ticket: the old one becomes TRANSFERRED, a new VALID one is issued to you */
  acceptTicketTransfer: TicketTransfer;
  /**
   * admin: gives the event its seats from the layout and its ticket types (prices). Attaching again (same or
   * another layout, new prices) keeps every seat that exists in both; it is refused (CONFLICT) when a held or
   * sold seat would disappear.
   */
  attachSeatLayout: Event;
  /** admin: takes seats out of sale (all or nothing; CONFLICT when one is held or sold) */
  blockSeats: SeatChange;
  /** seller: withdraws a listing (CONFLICT while a buyer is checking it out) */
  cancelResaleListing: ResaleListing;
  /** PENDING: the seats go back on sale; CONFIRMED (before the event starts): cancelled, payment refunds */
  cancelReservation: Reservation;
  /** holder: withdraws an open offer */
  cancelTicketTransfer: TicketTransfer;
  /** staff of the event: checks a scanned QR in, online (signature, code, revocation, state) */
  checkIn: CheckInResult;
  /** turns a live hold into a PENDING reservation and extends the hold once for checkout */
  createReservation: Reservation;
  /** admin: a new layout template */
  createSeatLayout: SeatLayout;
  /** recipient: refuses the offer; the sender keeps the ticket */
  declineTicketTransfer: TicketTransfer;
  /** admin: lets a user scan tickets at the event's doors (audit-logged) */
  grantEventStaff: EventStaffMember;
  /** N seats of one ticket type side by side in one row when possible, nearest the stage, without stranding a single seat */
  holdBestAvailable: SeatHold;
  /**
   * buyer: holds a listed seat at the listing's price; then `createReservation(holdId)` and pay as for any hold.
   * SEAT_UNAVAILABLE when another buyer has it (or it was withdrawn); the per-event seat limit applies.
   */
  holdResaleListing: SeatHold;
  /** all or nothing: holds every seat asked for, or none (SEAT_UNAVAILABLE) */
  holdSeats: SeatHold;
  /**
   * holder: offers a VALID ticket they bought for resale at `price` won, at most what they paid for the seat and
   * the event's cap (BAD_USER_INPUT, extensions.maxPrice). CONFLICT while it is offered by transfer, or when the
   * event does not allow resale. While listed it cannot be transferred; checking it in withdraws the listing.
   */
  listTicketForResale: ResaleListing;
  /** holder: offers a VALID ticket to the account with this email, before the event's transfer cut-off */
  offerTicketTransfer: TicketTransfer;
  /** true when this call released the seats; false when the hold had already ended */
  releaseHold: Scalars['Boolean']['output'];
  /** admin: takes it back; true when the user was staff */
  revokeEventStaff: Scalars['Boolean']['output'];
  /** admin: the event's ticket rules (audit-logged); a rule left out keeps its value (or its default) */
  setTicketPolicy: TicketPolicy;
  /** staff of the event: an offline device's queued scans, in the order scanned; first scan wins */
  syncCheckIns: Array<SyncedScan>;
  /** admin: puts blocked seats back on sale; seats that are not blocked stay as they are */
  unblockSeats: SeatChange;
  /** admin: replaces a template; events keep the seats they were generated with until the layout is attached again */
  updateSeatLayout: SeatLayout;
};


export type MutationAcceptTicketTransferArgs = {
  transferId: Scalars['ID']['input'];
};


export type MutationAttachSeatLayoutArgs = {
  eventId: Scalars['ID']['input'];
  input: AttachSeatLayoutInput;
};


export type MutationBlockSeatsArgs = {
  eventId: Scalars['ID']['input'];
  seatIds: Array<Scalars['ID']['input']>;
};


export type MutationCancelResaleListingArgs = {
  listingId: Scalars['ID']['input'];
};


export type MutationCancelReservationArgs = {
  id: Scalars['ID']['input'];
};


export type MutationCancelTicketTransferArgs = {
  transferId: Scalars['ID']['input'];
};


export type MutationCheckInArgs = {
  deviceId: Scalars['String']['input'];
  eventId: Scalars['ID']['input'];
  payload: Scalars['String']['input'];
};


export type MutationCreateReservationArgs = {
  holdId: Scalars['ID']['input'];
};


export type MutationCreateSeatLayoutArgs = {
  input: SeatLayoutInput;
};


export type MutationDeclineTicketTransferArgs = {
  transferId: Scalars['ID']['input'];
};


export type MutationGrantEventStaffArgs = {
  eventId: Scalars['ID']['input'];
  userId: Scalars['ID']['input'];
};


export type MutationHoldBestAvailableArgs = {
  admissionPass?: InputMaybe<Scalars['String']['input']>;
  eventId: Scalars['ID']['input'];
  quantity: Scalars['Int']['input'];
  ticketTypeId: Scalars['ID']['input'];
};


export type MutationHoldResaleListingArgs = {
  admissionPass?: InputMaybe<Scalars['String']['input']>;
  listingId: Scalars['ID']['input'];
};


export type MutationHoldSeatsArgs = {
  input: HoldSeatsInput;
};


export type MutationListTicketForResaleArgs = {
  price: Scalars['Int']['input'];
  ticketId: Scalars['ID']['input'];
};


export type MutationOfferTicketTransferArgs = {
  ticketId: Scalars['ID']['input'];
  toEmail: Scalars['String']['input'];
};


export type MutationReleaseHoldArgs = {
  holdId: Scalars['ID']['input'];
};


export type MutationRevokeEventStaffArgs = {
  eventId: Scalars['ID']['input'];
  userId: Scalars['ID']['input'];
};


export type MutationSetTicketPolicyArgs = {
  eventId: Scalars['ID']['input'];
  resaleCapBps?: InputMaybe<Scalars['Int']['input']>;
  resaleEnabled?: InputMaybe<Scalars['Boolean']['input']>;
  resaleFeeBps?: InputMaybe<Scalars['Int']['input']>;
  transferCutoffMinutes?: InputMaybe<Scalars['Int']['input']>;
};


export type MutationSyncCheckInsArgs = {
  deviceId: Scalars['String']['input'];
  eventId: Scalars['ID']['input'];
  scans: Array<QueuedScanInput>;
};


export type MutationUnblockSeatsArgs = {
  eventId: Scalars['ID']['input'];
  seatIds: Array<Scalars['ID']['input']>;
};


export type MutationUpdateSeatLayoutArgs = {
  id: Scalars['ID']['input'];
  input: SeatLayoutInput;
};

/** Relay-style page info; every subgraph with a connection defines the same type. */
export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** admin: an event's reservations, newest first, optionally of one status */
  eventReservations: ReservationConnection;
  /** admin: who may scan at the event's doors */
  eventStaff: Array<EventStaffMember>;
  /** the signed-in buyer's reservations, newest first; `first` defaults to 20, at most 100 */
  myReservations: ReservationConnection;
  /** the buyer's own reservation (admins: any); NOT_FOUND for a reservation that does not exist or is not yours */
  reservation?: Maybe<Reservation>;
  /** staff of the event (or admin): keys and revocations for a door; `since` = the last kit's cursor */
  scannerKit: ScannerKit;
  /** the signed-in buyer's hold, while it is live; null once it expired, was released or sold */
  seatHold?: Maybe<SeatHold>;
  /** admin: one layout template */
  seatLayout?: Maybe<SeatLayout>;
  /** admin: every layout template, by name */
  seatLayouts: Array<SeatLayout>;
  /** a ticket of the signed-in holder (or any, for admins); NOT_FOUND otherwise */
  ticket?: Maybe<Ticket>;
  /** the event's ticket rules (anyone signed in) */
  ticketPolicy: TicketPolicy;
};


export type QueryEventReservationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  eventId: Scalars['ID']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<ReservationStatus>;
};


export type QueryEventStaffArgs = {
  eventId: Scalars['ID']['input'];
};


export type QueryMyReservationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryReservationArgs = {
  id: Scalars['ID']['input'];
};


export type QueryScannerKitArgs = {
  eventId: Scalars['ID']['input'];
  since?: InputMaybe<Scalars['String']['input']>;
};


export type QuerySeatHoldArgs = {
  id: Scalars['ID']['input'];
};


export type QuerySeatLayoutArgs = {
  id: Scalars['ID']['input'];
};


export type QueryTicketArgs = {
  id: Scalars['ID']['input'];
};


export type QueryTicketPolicyArgs = {
  eventId: Scalars['ID']['input'];
};

export type QueuedScanInput = {
  /** the QR as scanned */
  payload: Scalars['String']['input'];
  /** when the device scanned it (its code is checked against this moment) */
  scannedAt: Scalars['DateTime']['input'];
};

/** A ticket offered for resale at no more than its seller paid for the seat (and the event's cap). */
export type ResaleListing = {
  __typename?: 'ResaleListing';
  createdAt: Scalars['DateTime']['output'];
  endedAt?: Maybe<Scalars['DateTime']['output']>;
  event: Event;
  /** seller (and admins) only: what the seller paid for the seat */
  faceAmount?: Maybe<Scalars['Int']['output']>;
  /** seller (and admins) only: the event's fee kept on a sale */
  feeAmount?: Maybe<Scalars['Int']['output']>;
  id: Scalars['ID']['output'];
  /** a buyer is checking out this listing now (their hold is live): nobody else can hold it until that ends */
  inCheckout: Scalars['Boolean']['output'];
  /** the asking price, whole won */
  price: Scalars['Int']['output'];
  /** seller (and admins) only: what a sale refunds to the seller's original payment (price − fee) */
  refundAmount?: Maybe<Scalars['Int']['output']>;
  /** the seat (section, row, number, ticket type); its status stays SOLD while listed */
  seat: Seat;
  seatId: Scalars['ID']['output'];
  /** e.g. 'Floor A 3-12' */
  seatLabel: Scalars['String']['output'];
  status: ResaleListingStatus;
  /** seller (and admins) only: the ticket listed */
  ticketId?: Maybe<Scalars['ID']['output']>;
};

/**
 * LISTED: on offer. SOLD: a buyer paid; the seller's ticket is RESOLD and the seller refunded (price − fee).
 * CANCELLED: the seller withdrew it. WITHDRAWN: the ticket stopped being VALID (checked in, order cancelled or
 * refunded) while listed.
 */
export type ResaleListingStatus =
  | 'CANCELLED'
  | 'LISTED'
  | 'SOLD'
  | 'WITHDRAWN';

export type Reservation = {
  __typename?: 'Reservation';
  /**
   * For the buyer while PENDING: seating's signed statement of what this reservation costs, to pass to
   * preparePayment (payment charges from it without waiting for seating's events). null otherwise.
   */
  checkoutToken?: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  event: Event;
  /** checkout deadline while PENDING (the hold, extended once); null otherwise */
  expiresAt?: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  /**
   * For the buyer of a CONFIRMED reservation whose first seat's ticket is still theirs and VALID: that ticket's
   * QR payload right now (`Ticket.qrPayload`). It rotates: a saved copy stops verifying within about 30 s, and a
   * cancelled order's never verifies again. Apps should show `tickets` (one QR per seat) instead.
   */
  qrCode?: Maybe<Scalars['String']['output']>;
  seats: Array<Seat>;
  status: ReservationStatus;
  /** one ticket per seat once CONFIRMED, every state (a transferred seat shows the TRANSFERRED original) */
  tickets: Array<Ticket>;
  /** computed on the server from the seats' prices when the reservation was made */
  totalAmount: Scalars['Int']['output'];
  /** the buyer */
  user: User;
};

export type ReservationConnection = {
  __typename?: 'ReservationConnection';
  edges: Array<ReservationEdge>;
  pageInfo: PageInfo;
};

export type ReservationEdge = {
  __typename?: 'ReservationEdge';
  cursor: Scalars['String']['output'];
  node: Reservation;
};

export type ReservationStatus =
  | 'CANCELLED'
  | 'CONFIRMED'
  | 'EXPIRED'
  | 'PENDING';

/** What a door scanner needs to verify tickets offline: keys, revocations and other doors' conflicts. */
export type ScannerKit = {
  __typename?: 'ScannerKit';
  /** tickets let in (by any door) since `since`: an offline door refuses them as already checked in */
  checkedInTicketIds: Array<Scalars['ID']['output']>;
  /** rotating-code step in seconds (15) and the steps either side accepted (1) */
  codeStepSeconds: Scalars['Int']['output'];
  codeWindowSteps: Scalars['Int']['output'];
  /** second entries recorded since `since` (on any device): first scan wins, this lists the ones that lost */
  conflicts: Array<CheckInConflict>;
  /** pass as `since` next time: what committed after this comes back */
  cursor: Scalars['String']['output'];
  eventId: Scalars['ID']['output'];
  /** Ed25519 public key, base64url (32 bytes): verifies credentials */
  publicKey: Scalars['String']['output'];
  /** tickets revoked (or transferred, resold) since `since`; all of them without `since` */
  revokedTicketIds: Array<Scalars['ID']['output']>;
  /** the event's scan key, base64url: derives each ticket's code secret (HMAC(scanKey, ticketId)). Staff only. */
  scanKey: Scalars['String']['output'];
};

export type Seat = {
  __typename?: 'Seat';
  id: Scalars['ID']['output'];
  /** human-readable name for tickets and screen readers, e.g. 'Floor A 3-12' */
  label: Scalars['String']['output'];
  number: Scalars['Int']['output'];
  row: Scalars['String']['output'];
  section: Scalars['String']['output'];
  /** AVAILABLE as soon as a hold on it has expired, even before the sweeper has announced it */
  status: SeatStatus;
  ticketType: TicketType;
  /** centre of the seat in the layout's drawing space (SeatMap.width × SeatMap.height, y grows away from the top) */
  x: Scalars['Float']['output'];
  y: Scalars['Float']['output'];
};

/** One committed change of an event's seats: the seats with their new status, and the version it produced. */
export type SeatChange = {
  __typename?: 'SeatChange';
  /** catalog: resolved through federation for every change delivered */
  event: Event;
  eventId: Scalars['ID']['output'];
  seats: Array<Seat>;
  version: Scalars['Int']['output'];
};

export type SeatHold = {
  __typename?: 'SeatHold';
  event: Event;
  expiresAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  seats: Array<Seat>;
  /** sum of the seats' ticket prices, whole won */
  totalAmount: Scalars['Int']['output'];
};

/** A reusable seating plan: sections → rows → seats with coordinates. Ticket types are referred to by code. */
export type SeatLayout = {
  __typename?: 'SeatLayout';
  createdAt: Scalars['DateTime']['output'];
  description?: Maybe<Scalars['String']['output']>;
  height: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  seatCount: Scalars['Int']['output'];
  sections: Array<LayoutSection>;
  stage: Stage;
  /** every ticket type code the layout uses; attaching it to an event needs a price for each */
  ticketTypeCodes: Array<Scalars['String']['output']>;
  updatedAt: Scalars['DateTime']['output'];
  width: Scalars['Int']['output'];
};

export type SeatLayoutInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  height: Scalars['Int']['input'];
  /** 1 to 100 characters, unique */
  name: Scalars['String']['input'];
  sections: Array<LayoutSectionInput>;
  stage: StageInput;
  /** drawing space, 100…10000 */
  width: Scalars['Int']['input'];
};

export type SeatMap = {
  __typename?: 'SeatMap';
  /**
   * The seats changed after `version` (the version a client's map is at), from a bounded history of the event's
   * recent changes: what a client that missed changes (reconnect, router restart, a version gap) applies instead
   * of reloading `statusCodes`. null when the history no longer covers every change since `version`: reload then.
   */
  changesSince?: Maybe<SeatMapChanges>;
  height: Scalars['Int']['output'];
  /** The seats' drawing without their statuses; the same until another layout is attached to the event. */
  layout: SeatMapLayout;
  seats: Array<Seat>;
  /** null before a layout is attached */
  stage?: Maybe<Stage>;
  /**
   * Every seat's live status, one character per seat in the order of `layout.seats` (and of `seats`):
   * A available, H held, S sold, B blocked. A big venue's page reads this and `layout` instead of an object per
   * seat: for 5,000 seats, one value each rather than 50,000 fields through the router.
   */
  statusCodes: Scalars['String']['output'];
  /** increases with every seat change of the event; a client that sees a gap in SeatChange.version refetches */
  version: Scalars['Int']['output'];
  /** drawing space; 0 before a layout is attached */
  width: Scalars['Int']['output'];
};


export type SeatMapChangesSinceArgs = {
  version: Scalars['Int']['input'];
};

/** Seats changed since a version, each once, with its status now. */
export type SeatMapChanges = {
  __typename?: 'SeatMapChanges';
  /** the changed seats' ids */
  seatIds: Array<Scalars['ID']['output']>;
  /**
   * the same seats as positions in `SeatMap.layout.seats` (and `statusCodes`), in the order of `seatIds`: a few
   * bytes per seat instead of an id, what a packed seat map applies
   */
  seatIndexes: Array<Scalars['Int']['output']>;
  /** their statuses, one character per seat of `seatIds`, as in `SeatMap.statusCodes` */
  statusCodes: Scalars['String']['output'];
  /** the version the map is at once these are applied (at least `SeatMap.version`) */
  version: Scalars['Int']['output'];
};

/** What a seat map draws, packed for venues of any size. Clients keep it by `revision`. */
export type SeatMapLayout = {
  __typename?: 'SeatMapLayout';
  /** changes whenever a layout is attached to the event; the same revision means the same seats in the same order */
  revision: Scalars['Int']['output'];
  /** how many seats: the length of `SeatMap.statusCodes` */
  seatCount: Scalars['Int']['output'];
  /**
   * The seats as JSON columns, index i of every array describing seat i:
   * {"id":[ID],"sections":[String],"section":[Int],"rows":[String],"row":[Int],"number":[Int],"x":[Float],
   * "y":[Float],"ticketTypes":[ID],"ticketType":[Int],"label":{"<i>":String}}.
   * `section`, `row` and `ticketType` are indexes into `sections`, `rows` and `ticketTypes` (TicketType ids, see
   * `Event.ticketTypes`); `label` holds only the labels that are not "<section> <row>-<number>".
   */
  seats: Scalars['String']['output'];
};

export type SeatStatus =
  | 'AVAILABLE'
  | 'BLOCKED'
  | 'HELD'
  | 'SOLD';

/** Where the stage is, in the drawing space. */
export type Stage = {
  __typename?: 'Stage';
  height: Scalars['Float']['output'];
  label: Scalars['String']['output'];
  width: Scalars['Float']['output'];
  x: Scalars['Float']['output'];
  y: Scalars['Float']['output'];
};

export type StageInput = {
  height: Scalars['Float']['input'];
  /** @default STAGE */
  label?: InputMaybe<Scalars['String']['input']>;
  width: Scalars['Float']['input'];
  x: Scalars['Float']['input'];
  y: Scalars['Float']['input'];
};

export type Subscription = {
  __typename?: 'Subscription';
  /** every committed change of the event's seats, one batch per change */
  seatChanged: SeatChange;
};


export type SubscriptionSeatChangedArgs = {
  eventId: Scalars['ID']['input'];
};

export type SyncedScan = {
  __typename?: 'SyncedScan';
  /** for CONFLICT: the entry that counts (another device, or this one earlier) */
  first?: Maybe<FirstCheckIn>;
  outcome: SyncedScanOutcome;
  reason?: Maybe<CheckInRefusal>;
  scannedAt: Scalars['DateTime']['output'];
  seatLabel?: Maybe<Scalars['String']['output']>;
  /**
   * for ADMITTED, when the ticket had already entered at another door later than this scan: those entries, now
   * second entries (every door's kit lists them too, once its cursor passes this sync)
   */
  secondEntries: Array<CheckInConflict>;
  ticketId?: Maybe<Scalars['ID']['output']>;
};

/** One queued scan's fate at sync: ADMITTED (it was the first), CONFLICT (another scan was first), REFUSED. */
export type SyncedScanOutcome =
  | 'ADMITTED'
  | 'CONFLICT'
  | 'REFUSED';

/** One seat's admission, held by one account. A transfer ends this ticket and issues a new one. */
export type Ticket = {
  __typename?: 'Ticket';
  checkedInAt?: Maybe<Scalars['DateTime']['output']>;
  /** holder only, while VALID: this ticket's code secret (base64url), HMAC(event scan key, ticket id) */
  codeSecret?: Maybe<Scalars['String']['output']>;
  /**
   * Holder only, while VALID: the Ed25519-signed credential (`TK2.<claims>.<signature>`). With `codeSecret` the
   * holder's app makes the rotating QR offline (@tiketi/live-client `qrPayload(credential, secret, now)`).
   */
  credential?: Maybe<Scalars['String']['output']>;
  /** why it ended: buyer-cancelled, admin-cancelled, payment-cancelled, refunded, transferred … */
  endReason?: Maybe<Scalars['String']['output']>;
  /** when it stopped being VALID or CHECKED_IN */
  endedAt?: Maybe<Scalars['DateTime']['output']>;
  event: Event;
  holder: User;
  id: Scalars['ID']['output'];
  issuedAt: Scalars['DateTime']['output'];
  /** the holder's open transfer offer of this ticket, if any */
  pendingTransfer?: Maybe<TicketTransfer>;
  /** holder only, while VALID: the QR to show now (credential + current 15 s code) */
  qrPayload?: Maybe<Scalars['String']['output']>;
  /** holder (and admins) only: the ticket's latest resale listing, whatever its status */
  resaleListing?: Maybe<ResaleListing>;
  /** the seat as sold (section, row, number, ticket type), with its live status */
  seat: Seat;
  seatId: Scalars['ID']['output'];
  /** e.g. 'Floor A 3-12' */
  seatLabel: Scalars['String']['output'];
  state: TicketState;
};

/** Per-event rules for tickets after the sale: transfers and face-value resale. */
export type TicketPolicy = {
  __typename?: 'TicketPolicy';
  eventId: Scalars['ID']['output'];
  /** the highest resale price in basis points of what the seller paid: 10000 = face value (the default), never above */
  resaleCapBps: Scalars['Int']['output'];
  /** holders may list tickets for resale (default false) */
  resaleEnabled: Scalars['Boolean']['output'];
  /** kept from the seller's refund on a sale, in basis points of the resale price (default 0) */
  resaleFeeBps: Scalars['Int']['output'];
  /** transfers close this many minutes before the event starts (default 60) */
  transferCutoffMinutes: Scalars['Int']['output'];
  /** when transfers close (the event's start minus the cut-off); null when seating does not know the event */
  transfersCloseAt?: Maybe<Scalars['DateTime']['output']>;
};

/**
 * VALID: admits its holder. CHECKED_IN: went through a door. REVOKED: the order was cancelled or refunded.
 * TRANSFERRED / RESOLD: the seat has a new ticket with another holder.
 */
export type TicketState =
  | 'CHECKED_IN'
  | 'RESOLD'
  | 'REVOKED'
  | 'TRANSFERRED'
  | 'VALID';

/** A holder's offer of a ticket to another account, by email. Only on accept does the ticket change hands. */
export type TicketTransfer = {
  __typename?: 'TicketTransfer';
  createdAt: Scalars['DateTime']['output'];
  decidedAt?: Maybe<Scalars['DateTime']['output']>;
  event: Event;
  id: Scalars['ID']['output'];
  /** the recipient's new ticket, once ACCEPTED (for the recipient) */
  newTicket?: Maybe<Ticket>;
  seatLabel: Scalars['String']['output'];
  status: TicketTransferStatus;
  /** the ticket offered (its sender's view) */
  ticketId: Scalars['ID']['output'];
  /** the address it was sent to */
  toEmail: Scalars['String']['output'];
};

export type TicketTransferStatus =
  | 'ACCEPTED'
  | 'CANCELLED'
  | 'DECLINED'
  | 'OFFERED';

/** prices are whole Korean won */
export type TicketType = {
  __typename?: 'TicketType';
  /** counts of this tier's seats per status */
  availability: Availability;
  /** short code the layout uses for this tier (VIP, R, S, A …) */
  code: Scalars['String']['output'];
  /** #rrggbb for drawing the tier, when set */
  color?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  price: Scalars['Int']['output'];
};

export type TicketTypeInput = {
  /** a code the layout uses (VIP, R, S …) */
  code: Scalars['String']['input'];
  /** #rrggbb */
  color?: InputMaybe<Scalars['String']['input']>;
  /** shown to buyers, 1 to 50 characters */
  name: Scalars['String']['input'];
  /** whole won, 0…10,000,000 */
  price: Scalars['Int']['input'];
};

export type User = {
  __typename?: 'User';
  /** auth's; seating reads it (through the router) only to find the transfers offered to this account */
  email: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** transfers offered to this account's email and not yet answered; empty for anyone else's user */
  incomingTicketTransfers: Array<TicketTransfer>;
  /** the signed-in user's own tickets (every state), newest first; empty for anyone else's user */
  tickets: Array<Ticket>;
};



export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = {
  Event: Event;
  Reservation: Reservation;
  User: User;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Event:
    ( { __typename: 'Event' }
    & GraphQLRecursivePick<FederationTypes['Event'], {"id":true}> );
  Reservation:
    ( { __typename: 'Reservation' }
    & GraphQLRecursivePick<FederationTypes['Reservation'], {"id":true}> );
  User:
    ( { __typename: 'User' }
    & GraphQLRecursivePick<FederationTypes['User'], {"id":true}>
    & ( Record<PropertyKey, never>
        | GraphQLRecursivePick<FederationTypes['User'], {"email":true}> ) );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  AttachSeatLayoutInput: AttachSeatLayoutInput;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Availability: ResolverTypeWrapper<AvailabilityViewModel>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  CheckInConflict: ResolverTypeWrapper<CheckInConflict>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  CheckInOutcome: CheckInOutcome;
  CheckInRefusal: CheckInRefusal;
  CheckInResult: ResolverTypeWrapper<CheckInResult>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Event: ResolverTypeWrapper<EventRefModel>;
  EventStaffMember: ResolverTypeWrapper<StaffViewModel>;
  FirstCheckIn: ResolverTypeWrapper<FirstCheckIn>;
  HoldSeatsInput: HoldSeatsInput;
  LayoutRow: ResolverTypeWrapper<LayoutRow>;
  LayoutRowInput: LayoutRowInput;
  LayoutSeat: ResolverTypeWrapper<LayoutSeat>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  LayoutSeatInput: LayoutSeatInput;
  LayoutSection: ResolverTypeWrapper<LayoutSection>;
  LayoutSectionInput: LayoutSectionInput;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  QueuedScanInput: QueuedScanInput;
  ResaleListing: ResolverTypeWrapper<ListingViewModel>;
  ResaleListingStatus: ResaleListingStatus;
  Reservation: ResolverTypeWrapper<ReservationModel>;
  ReservationConnection: ResolverTypeWrapper<Omit<ReservationConnection, 'edges'> & { edges: Array<ResolversTypes['ReservationEdge']> }>;
  ReservationEdge: ResolverTypeWrapper<Omit<ReservationEdge, 'node'> & { node: ResolversTypes['Reservation'] }>;
  ReservationStatus: ReservationStatus;
  ScannerKit: ResolverTypeWrapper<ScannerKit>;
  Seat: ResolverTypeWrapper<SeatViewModel>;
  SeatChange: ResolverTypeWrapper<SeatChangeBatchModel>;
  SeatHold: ResolverTypeWrapper<HoldViewModel>;
  SeatLayout: ResolverTypeWrapper<SeatLayoutModel>;
  SeatLayoutInput: SeatLayoutInput;
  SeatMap: ResolverTypeWrapper<SeatMapViewModel>;
  SeatMapChanges: ResolverTypeWrapper<SeatMapChanges>;
  SeatMapLayout: ResolverTypeWrapper<PackedLayoutModel>;
  SeatStatus: SeatStatus;
  Stage: ResolverTypeWrapper<Stage>;
  StageInput: StageInput;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  SyncedScan: ResolverTypeWrapper<SyncedScan>;
  SyncedScanOutcome: SyncedScanOutcome;
  Ticket: ResolverTypeWrapper<TicketViewModel>;
  TicketPolicy: ResolverTypeWrapper<TicketPolicy>;
  TicketState: TicketState;
  TicketTransfer: ResolverTypeWrapper<TransferViewModel>;
  TicketTransferStatus: TicketTransferStatus;
  TicketType: ResolverTypeWrapper<TicketTypeViewModel>;
  TicketTypeInput: TicketTypeInput;
  User: ResolverTypeWrapper<UserRefModel>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  AttachSeatLayoutInput: AttachSeatLayoutInput;
  ID: Scalars['ID']['output'];
  Availability: AvailabilityViewModel;
  Int: Scalars['Int']['output'];
  CheckInConflict: CheckInConflict;
  String: Scalars['String']['output'];
  CheckInResult: CheckInResult;
  DateTime: Scalars['DateTime']['output'];
  Event: EventRefModel;
  EventStaffMember: StaffViewModel;
  FirstCheckIn: FirstCheckIn;
  HoldSeatsInput: HoldSeatsInput;
  LayoutRow: LayoutRow;
  LayoutRowInput: LayoutRowInput;
  LayoutSeat: LayoutSeat;
  Boolean: Scalars['Boolean']['output'];
  Float: Scalars['Float']['output'];
  LayoutSeatInput: LayoutSeatInput;
  LayoutSection: LayoutSection;
  LayoutSectionInput: LayoutSectionInput;
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Query: Record<PropertyKey, never>;
  QueuedScanInput: QueuedScanInput;
  ResaleListing: ListingViewModel;
  Reservation: ReservationModel;
  ReservationConnection: Omit<ReservationConnection, 'edges'> & { edges: Array<ResolversParentTypes['ReservationEdge']> };
  ReservationEdge: Omit<ReservationEdge, 'node'> & { node: ResolversParentTypes['Reservation'] };
  ScannerKit: ScannerKit;
  Seat: SeatViewModel;
  SeatChange: SeatChangeBatchModel;
  SeatHold: HoldViewModel;
  SeatLayout: SeatLayoutModel;
  SeatLayoutInput: SeatLayoutInput;
  SeatMap: SeatMapViewModel;
  SeatMapChanges: SeatMapChanges;
  SeatMapLayout: PackedLayoutModel;
  Stage: Stage;
  StageInput: StageInput;
  Subscription: Record<PropertyKey, never>;
  SyncedScan: SyncedScan;
  Ticket: TicketViewModel;
  TicketPolicy: TicketPolicy;
  TicketTransfer: TransferViewModel;
  TicketType: TicketTypeViewModel;
  TicketTypeInput: TicketTypeInput;
  User: UserRefModel;
};

export type AvailabilityResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Availability'] = ResolversParentTypes['Availability']> = {
  available?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  blocked?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  held?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sold?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type CheckInConflictResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CheckInConflict'] = ResolversParentTypes['CheckInConflict']> = {
  deviceId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  first?: Resolver<ResolversTypes['FirstCheckIn'], ParentType, ContextType>;
  scannedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  seatLabel?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  ticketId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type CheckInResultResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CheckInResult'] = ResolversParentTypes['CheckInResult']> = {
  firstCheckIn?: Resolver<Maybe<ResolversTypes['FirstCheckIn']>, ParentType, ContextType>;
  outcome?: Resolver<ResolversTypes['CheckInOutcome'], ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['CheckInRefusal']>, ParentType, ContextType>;
  seatLabel?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  ticketId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type EventResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Event'] = ResolversParentTypes['Event'], FederationReferenceType extends FederationReferenceTypes['Event'] = FederationReferenceTypes['Event']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Event']> | FederationReferenceType, FederationReferenceType, ContextType>;
  availability?: Resolver<ResolversTypes['Availability'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  resaleListings?: Resolver<Array<ResolversTypes['ResaleListing']>, ParentType, ContextType>;
  seatMap?: Resolver<ResolversTypes['SeatMap'], ParentType, ContextType>;
  ticketTypes?: Resolver<Array<ResolversTypes['TicketType']>, ParentType, ContextType>;
};

export type EventStaffMemberResolvers<ContextType = Context, ParentType extends ResolversParentTypes['EventStaffMember'] = ResolversParentTypes['EventStaffMember']> = {
  eventId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  grantedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  user?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
};

export type FirstCheckInResolvers<ContextType = Context, ParentType extends ResolversParentTypes['FirstCheckIn'] = ResolversParentTypes['FirstCheckIn']> = {
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  deviceId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type LayoutRowResolvers<ContextType = Context, ParentType extends ResolversParentTypes['LayoutRow'] = ResolversParentTypes['LayoutRow']> = {
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  seats?: Resolver<Array<ResolversTypes['LayoutSeat']>, ParentType, ContextType>;
  ticketType?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type LayoutSeatResolvers<ContextType = Context, ParentType extends ResolversParentTypes['LayoutSeat'] = ResolversParentTypes['LayoutSeat']> = {
  gapBefore?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  label?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  number?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  ticketType?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  x?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  y?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type LayoutSectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['LayoutSection'] = ResolversParentTypes['LayoutSection']> = {
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rows?: Resolver<Array<ResolversTypes['LayoutRow']>, ParentType, ContextType>;
  ticketType?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  acceptTicketTransfer?: Resolver<ResolversTypes['TicketTransfer'], ParentType, ContextType, RequireFields<MutationAcceptTicketTransferArgs, 'transferId'>>;
  attachSeatLayout?: Resolver<ResolversTypes['Event'], ParentType, ContextType, RequireFields<MutationAttachSeatLayoutArgs, 'eventId' | 'input'>>;
  blockSeats?: Resolver<ResolversTypes['SeatChange'], ParentType, ContextType, RequireFields<MutationBlockSeatsArgs, 'eventId' | 'seatIds'>>;
  cancelResaleListing?: Resolver<ResolversTypes['ResaleListing'], ParentType, ContextType, RequireFields<MutationCancelResaleListingArgs, 'listingId'>>;
  cancelReservation?: Resolver<ResolversTypes['Reservation'], ParentType, ContextType, RequireFields<MutationCancelReservationArgs, 'id'>>;
  cancelTicketTransfer?: Resolver<ResolversTypes['TicketTransfer'], ParentType, ContextType, RequireFields<MutationCancelTicketTransferArgs, 'transferId'>>;
  checkIn?: Resolver<ResolversTypes['CheckInResult'], ParentType, ContextType, RequireFields<MutationCheckInArgs, 'deviceId' | 'eventId' | 'payload'>>;
  createReservation?: Resolver<ResolversTypes['Reservation'], ParentType, ContextType, RequireFields<MutationCreateReservationArgs, 'holdId'>>;
  createSeatLayout?: Resolver<ResolversTypes['SeatLayout'], ParentType, ContextType, RequireFields<MutationCreateSeatLayoutArgs, 'input'>>;
  declineTicketTransfer?: Resolver<ResolversTypes['TicketTransfer'], ParentType, ContextType, RequireFields<MutationDeclineTicketTransferArgs, 'transferId'>>;
  grantEventStaff?: Resolver<ResolversTypes['EventStaffMember'], ParentType, ContextType, RequireFields<MutationGrantEventStaffArgs, 'eventId' | 'userId'>>;
  holdBestAvailable?: Resolver<ResolversTypes['SeatHold'], ParentType, ContextType, RequireFields<MutationHoldBestAvailableArgs, 'eventId' | 'quantity' | 'ticketTypeId'>>;
  holdResaleListing?: Resolver<ResolversTypes['SeatHold'], ParentType, ContextType, RequireFields<MutationHoldResaleListingArgs, 'listingId'>>;
  holdSeats?: Resolver<ResolversTypes['SeatHold'], ParentType, ContextType, RequireFields<MutationHoldSeatsArgs, 'input'>>;
  listTicketForResale?: Resolver<ResolversTypes['ResaleListing'], ParentType, ContextType, RequireFields<MutationListTicketForResaleArgs, 'price' | 'ticketId'>>;
  offerTicketTransfer?: Resolver<ResolversTypes['TicketTransfer'], ParentType, ContextType, RequireFields<MutationOfferTicketTransferArgs, 'ticketId' | 'toEmail'>>;
  releaseHold?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationReleaseHoldArgs, 'holdId'>>;
  revokeEventStaff?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationRevokeEventStaffArgs, 'eventId' | 'userId'>>;
  setTicketPolicy?: Resolver<ResolversTypes['TicketPolicy'], ParentType, ContextType, RequireFields<MutationSetTicketPolicyArgs, 'eventId'>>;
  syncCheckIns?: Resolver<Array<ResolversTypes['SyncedScan']>, ParentType, ContextType, RequireFields<MutationSyncCheckInsArgs, 'deviceId' | 'eventId' | 'scans'>>;
  unblockSeats?: Resolver<ResolversTypes['SeatChange'], ParentType, ContextType, RequireFields<MutationUnblockSeatsArgs, 'eventId' | 'seatIds'>>;
  updateSeatLayout?: Resolver<ResolversTypes['SeatLayout'], ParentType, ContextType, RequireFields<MutationUpdateSeatLayoutArgs, 'id' | 'input'>>;
};

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  eventReservations?: Resolver<ResolversTypes['ReservationConnection'], ParentType, ContextType, RequireFields<QueryEventReservationsArgs, 'eventId'>>;
  eventStaff?: Resolver<Array<ResolversTypes['EventStaffMember']>, ParentType, ContextType, RequireFields<QueryEventStaffArgs, 'eventId'>>;
  myReservations?: Resolver<ResolversTypes['ReservationConnection'], ParentType, ContextType, Partial<QueryMyReservationsArgs>>;
  reservation?: Resolver<Maybe<ResolversTypes['Reservation']>, ParentType, ContextType, RequireFields<QueryReservationArgs, 'id'>>;
  scannerKit?: Resolver<ResolversTypes['ScannerKit'], ParentType, ContextType, RequireFields<QueryScannerKitArgs, 'eventId'>>;
  seatHold?: Resolver<Maybe<ResolversTypes['SeatHold']>, ParentType, ContextType, RequireFields<QuerySeatHoldArgs, 'id'>>;
  seatLayout?: Resolver<Maybe<ResolversTypes['SeatLayout']>, ParentType, ContextType, RequireFields<QuerySeatLayoutArgs, 'id'>>;
  seatLayouts?: Resolver<Array<ResolversTypes['SeatLayout']>, ParentType, ContextType>;
  ticket?: Resolver<Maybe<ResolversTypes['Ticket']>, ParentType, ContextType, RequireFields<QueryTicketArgs, 'id'>>;
  ticketPolicy?: Resolver<ResolversTypes['TicketPolicy'], ParentType, ContextType, RequireFields<QueryTicketPolicyArgs, 'eventId'>>;
};

export type ResaleListingResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ResaleListing'] = ResolversParentTypes['ResaleListing']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  endedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  event?: Resolver<ResolversTypes['Event'], ParentType, ContextType>;
  faceAmount?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  feeAmount?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  inCheckout?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  price?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  refundAmount?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  seat?: Resolver<ResolversTypes['Seat'], ParentType, ContextType>;
  seatId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  seatLabel?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ResaleListingStatus'], ParentType, ContextType>;
  ticketId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
};

export type ReservationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Reservation'] = ResolversParentTypes['Reservation'], FederationReferenceType extends FederationReferenceTypes['Reservation'] = FederationReferenceTypes['Reservation']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Reservation']> | FederationReferenceType, FederationReferenceType, ContextType>;
  checkoutToken?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  event?: Resolver<ResolversTypes['Event'], ParentType, ContextType>;
  expiresAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  qrCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  seats?: Resolver<Array<ResolversTypes['Seat']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ReservationStatus'], ParentType, ContextType>;
  tickets?: Resolver<Array<ResolversTypes['Ticket']>, ParentType, ContextType>;
  totalAmount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  user?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
};

export type ReservationConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ReservationConnection'] = ResolversParentTypes['ReservationConnection']> = {
  edges?: Resolver<Array<ResolversTypes['ReservationEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type ReservationEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ReservationEdge'] = ResolversParentTypes['ReservationEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Reservation'], ParentType, ContextType>;
};

export type ScannerKitResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ScannerKit'] = ResolversParentTypes['ScannerKit']> = {
  checkedInTicketIds?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  codeStepSeconds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  codeWindowSteps?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  conflicts?: Resolver<Array<ResolversTypes['CheckInConflict']>, ParentType, ContextType>;
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  eventId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  publicKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  revokedTicketIds?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  scanKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type SeatResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Seat'] = ResolversParentTypes['Seat']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  label?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  number?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  row?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  section?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['SeatStatus'], ParentType, ContextType>;
  ticketType?: Resolver<ResolversTypes['TicketType'], ParentType, ContextType>;
  x?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  y?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type SeatChangeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SeatChange'] = ResolversParentTypes['SeatChange']> = {
  event?: Resolver<ResolversTypes['Event'], ParentType, ContextType>;
  eventId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  seats?: Resolver<Array<ResolversTypes['Seat']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type SeatHoldResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SeatHold'] = ResolversParentTypes['SeatHold']> = {
  event?: Resolver<ResolversTypes['Event'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  seats?: Resolver<Array<ResolversTypes['Seat']>, ParentType, ContextType>;
  totalAmount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type SeatLayoutResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SeatLayout'] = ResolversParentTypes['SeatLayout']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  height?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  seatCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sections?: Resolver<Array<ResolversTypes['LayoutSection']>, ParentType, ContextType>;
  stage?: Resolver<ResolversTypes['Stage'], ParentType, ContextType>;
  ticketTypeCodes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  width?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type SeatMapResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SeatMap'] = ResolversParentTypes['SeatMap']> = {
  changesSince?: Resolver<Maybe<ResolversTypes['SeatMapChanges']>, ParentType, ContextType, RequireFields<SeatMapChangesSinceArgs, 'version'>>;
  height?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  layout?: Resolver<ResolversTypes['SeatMapLayout'], ParentType, ContextType>;
  seats?: Resolver<Array<ResolversTypes['Seat']>, ParentType, ContextType>;
  stage?: Resolver<Maybe<ResolversTypes['Stage']>, ParentType, ContextType>;
  statusCodes?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  width?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type SeatMapChangesResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SeatMapChanges'] = ResolversParentTypes['SeatMapChanges']> = {
  seatIds?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  seatIndexes?: Resolver<Array<ResolversTypes['Int']>, ParentType, ContextType>;
  statusCodes?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type SeatMapLayoutResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SeatMapLayout'] = ResolversParentTypes['SeatMapLayout']> = {
  revision?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  seatCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  seats?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type StageResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Stage'] = ResolversParentTypes['Stage']> = {
  height?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  label?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  width?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  x?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  y?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type SubscriptionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  seatChanged?: SubscriptionResolver<ResolversTypes['SeatChange'], "seatChanged", ParentType, ContextType, RequireFields<SubscriptionSeatChangedArgs, 'eventId'>>;
};

export type SyncedScanResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SyncedScan'] = ResolversParentTypes['SyncedScan']> = {
  first?: Resolver<Maybe<ResolversTypes['FirstCheckIn']>, ParentType, ContextType>;
  outcome?: Resolver<ResolversTypes['SyncedScanOutcome'], ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['CheckInRefusal']>, ParentType, ContextType>;
  scannedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  seatLabel?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  secondEntries?: Resolver<Array<ResolversTypes['CheckInConflict']>, ParentType, ContextType>;
  ticketId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
};

export type TicketResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Ticket'] = ResolversParentTypes['Ticket']> = {
  checkedInAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  codeSecret?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  credential?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  endReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  endedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  event?: Resolver<ResolversTypes['Event'], ParentType, ContextType>;
  holder?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  issuedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  pendingTransfer?: Resolver<Maybe<ResolversTypes['TicketTransfer']>, ParentType, ContextType>;
  qrPayload?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  resaleListing?: Resolver<Maybe<ResolversTypes['ResaleListing']>, ParentType, ContextType>;
  seat?: Resolver<ResolversTypes['Seat'], ParentType, ContextType>;
  seatId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  seatLabel?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  state?: Resolver<ResolversTypes['TicketState'], ParentType, ContextType>;
};

export type TicketPolicyResolvers<ContextType = Context, ParentType extends ResolversParentTypes['TicketPolicy'] = ResolversParentTypes['TicketPolicy']> = {
  eventId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  resaleCapBps?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  resaleEnabled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  resaleFeeBps?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  transferCutoffMinutes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  transfersCloseAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
};

export type TicketTransferResolvers<ContextType = Context, ParentType extends ResolversParentTypes['TicketTransfer'] = ResolversParentTypes['TicketTransfer']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  decidedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  event?: Resolver<ResolversTypes['Event'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  newTicket?: Resolver<Maybe<ResolversTypes['Ticket']>, ParentType, ContextType>;
  seatLabel?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['TicketTransferStatus'], ParentType, ContextType>;
  ticketId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  toEmail?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type TicketTypeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['TicketType'] = ResolversParentTypes['TicketType']> = {
  availability?: Resolver<ResolversTypes['Availability'], ParentType, ContextType>;
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  color?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  price?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type UserResolvers<ContextType = Context, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User'], FederationReferenceType extends FederationReferenceTypes['User'] = FederationReferenceTypes['User']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['User']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  incomingTicketTransfers?: Resolver<Array<ResolversTypes['TicketTransfer']>, ParentType, ContextType>;
  tickets?: Resolver<Array<ResolversTypes['Ticket']>, ParentType, ContextType>;
};

export type Resolvers<ContextType = Context> = {
  Availability?: AvailabilityResolvers<ContextType>;
  CheckInConflict?: CheckInConflictResolvers<ContextType>;
  CheckInResult?: CheckInResultResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Event?: EventResolvers<ContextType>;
  EventStaffMember?: EventStaffMemberResolvers<ContextType>;
  FirstCheckIn?: FirstCheckInResolvers<ContextType>;
  LayoutRow?: LayoutRowResolvers<ContextType>;
  LayoutSeat?: LayoutSeatResolvers<ContextType>;
  LayoutSection?: LayoutSectionResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  ResaleListing?: ResaleListingResolvers<ContextType>;
  Reservation?: ReservationResolvers<ContextType>;
  ReservationConnection?: ReservationConnectionResolvers<ContextType>;
  ReservationEdge?: ReservationEdgeResolvers<ContextType>;
  ScannerKit?: ScannerKitResolvers<ContextType>;
  Seat?: SeatResolvers<ContextType>;
  SeatChange?: SeatChangeResolvers<ContextType>;
  SeatHold?: SeatHoldResolvers<ContextType>;
  SeatLayout?: SeatLayoutResolvers<ContextType>;
  SeatMap?: SeatMapResolvers<ContextType>;
  SeatMapChanges?: SeatMapChangesResolvers<ContextType>;
  SeatMapLayout?: SeatMapLayoutResolvers<ContextType>;
  Stage?: StageResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  SyncedScan?: SyncedScanResolvers<ContextType>;
  Ticket?: TicketResolvers<ContextType>;
  TicketPolicy?: TicketPolicyResolvers<ContextType>;
  TicketTransfer?: TicketTransferResolvers<ContextType>;
  TicketType?: TicketTypeResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
};

