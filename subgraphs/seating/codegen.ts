import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema.graphql',
  generates: {
    'src/__generated__/resolvers.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        federation: true,
        useTypeImports: true,
        enumsAsTypes: true,
        contextType: '../context.ts#Context',
        // Seats, holds and seat changes are views built from hand-written SQL (the hold path never goes
        // through the ORM's identity map); layouts and reservations are ORM entities.
        mappers: {
          Event: '../modules/event/event-ref.ts#EventRef',
          User: '../modules/event/event-ref.ts#UserRef',
          Seat: '../modules/seat/seat-view.ts#SeatView',
          TicketType: '../modules/seat/seat-view.ts#TicketTypeView',
          SeatMap: '../modules/seat/seat-view.ts#SeatMapView',
          SeatMapLayout: '../modules/seat/packed-layout.ts#PackedLayout',
          Availability: '../modules/seat/seat-view.ts#AvailabilityView',
          SeatHold: '../modules/hold/hold-view.ts#HoldView',
          SeatChange: '../modules/seat/seat-view.ts#SeatChangeBatch',
          Reservation: '../modules/reservation/reservation.entity.ts#Reservation',
          SeatLayout: '../modules/layout/layout.entity.ts#SeatLayout',
          Ticket: '../modules/ticket/ticket-view.ts#TicketView',
          TicketTransfer: '../modules/ticket/ticket-view.ts#TransferView',
          EventStaffMember: '../modules/ticket/ticket-view.ts#StaffView',
          ResaleListing: '../modules/ticket/resale.ts#ListingView',
        },
        mapperTypeSuffix: 'Model',
        scalars: { DateTime: 'Date' },
      },
    },
  },
};

export default config;
