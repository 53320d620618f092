/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query ArtistSearch($query: String) {\n    artists(query: $query, first: 20) {\n      id\n      name\n      nameEn\n    }\n  }\n": typeof types.ArtistSearchDocument,
    "\n  query AdminUserSearch($query: String!) {\n    users(query: $query, first: 8) {\n      id\n      name\n      email\n    }\n  }\n": typeof types.AdminUserSearchDocument,
    "\n  query EventFieldOptions {\n    venues {\n      id\n      name\n      city\n    }\n    categories\n  }\n": typeof types.EventFieldOptionsDocument,
    "\n  query AdminMe {\n    me {\n      id\n      name\n      email\n      role\n    }\n  }\n": typeof types.AdminMeDocument,
    "\n  mutation AdminLogOut($refreshToken: String!) {\n    logOut(refreshToken: $refreshToken)\n  }\n": typeof types.AdminLogOutDocument,
    "\n  query AuditEvent($id: ID!) {\n    event(id: $id) {\n      id\n      title\n    }\n  }\n": typeof types.AuditEventDocument,
    "\n  query AuditUser($id: ID!) {\n    user(id: $id) {\n      id\n      name\n      email\n    }\n  }\n": typeof types.AuditUserDocument,
    "\n  query AdminActions($service: String, $after: String) {\n    adminActions(service: $service, first: 50, after: $after) {\n      edges {\n        node {\n          id\n          service\n          action\n          targetType\n          targetId\n          details\n          at\n          actorId\n          actor {\n            id\n            name\n            email\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.AdminActionsDocument,
    "\n  query AdminCatalogData {\n    venues {\n      id\n      name\n      nameEn\n      city\n      capacity\n    }\n    artists(first: 100) {\n      id\n      name\n      nameEn\n    }\n    keywordMappings {\n      id\n      korean\n      english\n    }\n  }\n": typeof types.AdminCatalogDataDocument,
    "\n  mutation AdminCreateVenue($input: CreateVenueInput!) {\n    createVenue(input: $input) {\n      id\n      name\n    }\n  }\n": typeof types.AdminCreateVenueDocument,
    "\n  mutation AdminCreateArtist($input: CreateArtistInput!) {\n    createArtist(input: $input) {\n      id\n      name\n    }\n  }\n": typeof types.AdminCreateArtistDocument,
    "\n  mutation AdminAddKeywordMapping($input: KeywordMappingInput!) {\n    addKeywordMapping(input: $input) {\n      id\n    }\n  }\n": typeof types.AdminAddKeywordMappingDocument,
    "\n  mutation AdminRemoveKeywordMapping($id: ID!) {\n    removeKeywordMapping(id: $id)\n  }\n": typeof types.AdminRemoveKeywordMappingDocument,
    "\n  query Dashboard($from: Date!, $to: Date!) {\n    salesStats(from: $from, to: $to) {\n      from\n      to\n      days {\n        date\n        grossRevenue\n        refunded\n        netRevenue\n        orders\n        ticketsSold\n        ticketsCancelled\n        newUsers\n        totalUsers\n      }\n      totals {\n        grossRevenue\n        refunded\n        netRevenue\n        orders\n        ticketsSold\n        ticketsCancelled\n        newUsers\n        totalUsers\n      }\n      topEvents(first: 10) {\n        event {\n          id\n          title\n          startsAt\n        }\n        orders\n        ticketsSold\n        revenue\n      }\n    }\n  }\n": typeof types.DashboardDocument,
    "\n  query AdminEventStaff($eventId: ID!) {\n    eventStaff(eventId: $eventId) {\n      eventId\n      grantedAt\n      user {\n        id\n        name\n        email\n      }\n    }\n  }\n": typeof types.AdminEventStaffDocument,
    "\n  mutation AdminGrantEventStaff($eventId: ID!, $userId: ID!) {\n    grantEventStaff(eventId: $eventId, userId: $userId) {\n      eventId\n      grantedAt\n      user {\n        id\n      }\n    }\n  }\n": typeof types.AdminGrantEventStaffDocument,
    "\n  mutation AdminRevokeEventStaff($eventId: ID!, $userId: ID!) {\n    revokeEventStaff(eventId: $eventId, userId: $userId)\n  }\n": typeof types.AdminRevokeEventStaffDocument,
    "\n  mutation AdminUpdateEventStatus($id: ID!, $status: EventStatus!) {\n    updateEvent(id: $id, input: { status: $status }) {\n      id\n      status\n    }\n  }\n": typeof types.AdminUpdateEventStatusDocument,
    "\n  mutation AdminDeleteEvent($id: ID!) {\n    deleteEvent(id: $id)\n  }\n": typeof types.AdminDeleteEventDocument,
    "\n  query AdminEvent($id: ID!) {\n    event(id: $id) {\n      id\n      title\n      titleEn\n      description\n      category\n      posterUrl\n      startsAt\n      saleStartsAt\n      status\n      venue {\n        id\n        name\n      }\n      artists {\n        id\n        name\n      }\n      ticketTypes {\n        id\n        code\n        name\n        price\n        color\n      }\n      sales {\n        orders\n        ticketsSold\n        revenue\n      }\n      checkIns {\n        checkedIn\n        lastAt\n      }\n      availability {\n        available\n        held\n        sold\n        blocked\n      }\n    }\n  }\n": typeof types.AdminEventDocument,
    "\n  query AdminEventDailySales($id: ID!, $from: Date!, $to: Date!) {\n    event(id: $id) {\n      id\n      dailySales(from: $from, to: $to) {\n        date\n        orders\n        ticketsSold\n        ticketsCancelled\n        netRevenue\n      }\n    }\n  }\n": typeof types.AdminEventDailySalesDocument,
    "\n  mutation AdminUpdateEvent($id: ID!, $input: UpdateEventInput!) {\n    updateEvent(id: $id, input: $input) {\n      id\n    }\n  }\n": typeof types.AdminUpdateEventDocument,
    "\n  mutation AdminCreatePosterUpload($input: PosterUploadInput!) {\n    createPosterUpload(input: $input) {\n      uploadUrl\n      headers {\n        name\n        value\n      }\n      posterUrl\n    }\n  }\n": typeof types.AdminCreatePosterUploadDocument,
    "\n  query AdminSeatLayouts {\n    seatLayouts {\n      id\n      name\n      seatCount\n      ticketTypeCodes\n    }\n  }\n": typeof types.AdminSeatLayoutsDocument,
    "\n  mutation AdminAttachSeatLayout($eventId: ID!, $input: AttachSeatLayoutInput!) {\n    attachSeatLayout(eventId: $eventId, input: $input) {\n      id\n      availability {\n        total\n      }\n    }\n  }\n": typeof types.AdminAttachSeatLayoutDocument,
    "\n  query AdminEvents($query: String, $first: Int!) {\n    events(query: $query, first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          title\n          startsAt\n          status\n          venue {\n            id\n            name\n          }\n          sales {\n            ticketsSold\n            revenue\n          }\n          queue {\n            enabled\n            paused\n            waiting\n          }\n        }\n      }\n    }\n  }\n": typeof types.AdminEventsDocument,
    "\n  query AdminSeatLayoutList {\n    seatLayouts {\n      id\n      name\n      description\n      seatCount\n      ticketTypeCodes\n      updatedAt\n    }\n  }\n": typeof types.AdminSeatLayoutListDocument,
    "\n  mutation AdminCreateSeatLayout($input: SeatLayoutInput!) {\n    createSeatLayout(input: $input) {\n      id\n      name\n      seatCount\n    }\n  }\n": typeof types.AdminCreateSeatLayoutDocument,
    "\n  mutation AdminLogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n      user {\n        id\n        role\n      }\n    }\n  }\n": typeof types.AdminLogInDocument,
    "\n  mutation AdminCreateEvent($input: CreateEventInput!) {\n    createEvent(input: $input) {\n      id\n    }\n  }\n": typeof types.AdminCreateEventDocument,
    "\n  query AdminNews {\n    news(first: 50) {\n      edges {\n        node {\n          id\n          title\n          publishedAt\n          event {\n            id\n            title\n          }\n        }\n      }\n    }\n    events(first: 100) {\n      edges {\n        node {\n          id\n          title\n        }\n      }\n    }\n  }\n": typeof types.AdminNewsDocument,
    "\n  mutation AdminPublishNews($input: PublishNewsInput!) {\n    publishNews(input: $input) {\n      id\n      title\n    }\n  }\n": typeof types.AdminPublishNewsDocument,
    "\n  mutation AdminUnpublishNews($id: ID!) {\n    unpublishNews(id: $id)\n  }\n": typeof types.AdminUnpublishNewsDocument,
    "\n  query AdminApiKeys {\n    apiKeys {\n      id\n      name\n      prefix\n      scopes\n      ratePerMinute\n      createdAt\n      revokedAt\n    }\n  }\n": typeof types.AdminApiKeysDocument,
    "\n  mutation AdminCreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      secret\n      apiKey {\n        id\n        name\n      }\n    }\n  }\n": typeof types.AdminCreateApiKeyDocument,
    "\n  mutation AdminRevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      id\n      revokedAt\n    }\n  }\n": typeof types.AdminRevokeApiKeyDocument,
    "\n  query AdminQueueStats($eventId: ID!) {\n    queueStats(eventId: $eventId) {\n      eventId\n      status {\n        enabled\n        paused\n        waiting\n        mode\n        capacity\n        activeShoppers\n      }\n      inLine\n      preQueue\n      admittedLastMinute\n      admissionRate\n      oldestWaitSeconds\n      saleOpensAt\n    }\n  }\n": typeof types.AdminQueueStatsDocument,
    "\n  mutation AdminConfigureQueue($eventId: ID!, $input: QueueConfigInput!) {\n    configureQueue(eventId: $eventId, input: $input) {\n      enabled\n      paused\n      mode\n      capacity\n    }\n  }\n": typeof types.AdminConfigureQueueDocument,
    "\n  mutation AdminForceAdmit($eventId: ID!, $userId: ID!) {\n    forceAdmit(eventId: $eventId, userId: $userId) {\n      state\n      expiresAt\n    }\n  }\n": typeof types.AdminForceAdmitDocument,
    "\n  query AdminRecentOrders {\n    recentOrders(first: 15) {\n      reservationId\n      tickets\n      amount\n      confirmedAt\n      cancelledAt\n      event {\n        id\n        title\n      }\n    }\n  }\n": typeof types.AdminRecentOrdersDocument,
    "\n  query AdminEventReservations($eventId: ID!, $status: ReservationStatus) {\n    eventReservations(eventId: $eventId, status: $status, first: 20) {\n      edges {\n        node {\n          id\n          status\n          totalAmount\n          createdAt\n          user {\n            id\n            name\n            email\n          }\n          seats {\n            id\n            label\n          }\n          payment {\n            id\n            status\n            amount\n            refundedAmount\n            pendingRefundAmount\n          }\n        }\n      }\n    }\n  }\n": typeof types.AdminEventReservationsDocument,
    "\n  mutation AdminRefund($paymentId: ID!, $amount: Int, $reason: String!) {\n    refundPayment(paymentId: $paymentId, amount: $amount, reason: $reason) {\n      id\n      status\n      refundedAmount\n      pendingRefundAmount\n    }\n  }\n": typeof types.AdminRefundDocument,
    "\n  query ScannerKit($eventId: ID!, $since: String) {\n    scannerKit(eventId: $eventId, since: $since) {\n      eventId\n      publicKey\n      scanKey\n      revokedTicketIds\n      checkedInTicketIds\n      cursor\n      conflicts {\n        ticketId\n        seatLabel\n        deviceId\n        scannedAt\n        first {\n          at\n          deviceId\n        }\n      }\n    }\n  }\n": typeof types.ScannerKitDocument,
    "\n  mutation DoorCheckIn($eventId: ID!, $payload: String!, $deviceId: String!) {\n    checkIn(eventId: $eventId, payload: $payload, deviceId: $deviceId) {\n      outcome\n      reason\n      ticketId\n      seatLabel\n      firstCheckIn {\n        at\n        deviceId\n      }\n    }\n  }\n": typeof types.DoorCheckInDocument,
    "\n  mutation DoorSyncCheckIns($eventId: ID!, $deviceId: String!, $scans: [QueuedScanInput!]!) {\n    syncCheckIns(eventId: $eventId, deviceId: $deviceId, scans: $scans) {\n      outcome\n      reason\n      ticketId\n      seatLabel\n      scannedAt\n      first {\n        at\n        deviceId\n      }\n      secondEntries {\n        seatLabel\n        deviceId\n        scannedAt\n        first {\n          at\n          deviceId\n        }\n      }\n    }\n  }\n": typeof types.DoorSyncCheckInsDocument,
    "\n  query AdminSeatMap($id: ID!) {\n    event(id: $id) {\n      id\n      seatMap {\n        version\n        width\n        height\n        seats {\n          id\n          label\n          status\n          x\n          y\n        }\n      }\n    }\n  }\n": typeof types.AdminSeatMapDocument,
    "\n  mutation AdminBlockSeats($eventId: ID!, $seatIds: [ID!]!) {\n    blockSeats(eventId: $eventId, seatIds: $seatIds) {\n      version\n      seats {\n        id\n        status\n      }\n    }\n  }\n": typeof types.AdminBlockSeatsDocument,
    "\n  mutation AdminUnblockSeats($eventId: ID!, $seatIds: [ID!]!) {\n    unblockSeats(eventId: $eventId, seatIds: $seatIds) {\n      version\n      seats {\n        id\n        status\n      }\n    }\n  }\n": typeof types.AdminUnblockSeatsDocument,
    "\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) { accessToken refreshToken expiresIn }\n  }\n": typeof types.RefreshSessionDocument,
};
const documents: Documents = {
    "\n  query ArtistSearch($query: String) {\n    artists(query: $query, first: 20) {\n      id\n      name\n      nameEn\n    }\n  }\n": types.ArtistSearchDocument,
    "\n  query AdminUserSearch($query: String!) {\n    users(query: $query, first: 8) {\n      id\n      name\n      email\n    }\n  }\n": types.AdminUserSearchDocument,
    "\n  query EventFieldOptions {\n    venues {\n      id\n      name\n      city\n    }\n    categories\n  }\n": types.EventFieldOptionsDocument,
    "\n  query AdminMe {\n    me {\n      id\n      name\n      email\n      role\n    }\n  }\n": types.AdminMeDocument,
    "\n  mutation AdminLogOut($refreshToken: String!) {\n    logOut(refreshToken: $refreshToken)\n  }\n": types.AdminLogOutDocument,
    "\n  query AuditEvent($id: ID!) {\n    event(id: $id) {\n      id\n      title\n    }\n  }\n": types.AuditEventDocument,
    "\n  query AuditUser($id: ID!) {\n    user(id: $id) {\n      id\n      name\n      email\n    }\n  }\n": types.AuditUserDocument,
    "\n  query AdminActions($service: String, $after: String) {\n    adminActions(service: $service, first: 50, after: $after) {\n      edges {\n        node {\n          id\n          service\n          action\n          targetType\n          targetId\n          details\n          at\n          actorId\n          actor {\n            id\n            name\n            email\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.AdminActionsDocument,
    "\n  query AdminCatalogData {\n    venues {\n      id\n      name\n      nameEn\n      city\n      capacity\n    }\n    artists(first: 100) {\n      id\n      name\n      nameEn\n    }\n    keywordMappings {\n      id\n      korean\n      english\n    }\n  }\n": types.AdminCatalogDataDocument,
    "\n  mutation AdminCreateVenue($input: CreateVenueInput!) {\n    createVenue(input: $input) {\n      id\n      name\n    }\n  }\n": types.AdminCreateVenueDocument,
    "\n  mutation AdminCreateArtist($input: CreateArtistInput!) {\n    createArtist(input: $input) {\n      id\n      name\n    }\n  }\n": types.AdminCreateArtistDocument,
    "\n  mutation AdminAddKeywordMapping($input: KeywordMappingInput!) {\n    addKeywordMapping(input: $input) {\n      id\n    }\n  }\n": types.AdminAddKeywordMappingDocument,
    "\n  mutation AdminRemoveKeywordMapping($id: ID!) {\n    removeKeywordMapping(id: $id)\n  }\n": types.AdminRemoveKeywordMappingDocument,
    "\n  query Dashboard($from: Date!, $to: Date!) {\n    salesStats(from: $from, to: $to) {\n      from\n      to\n      days {\n        date\n        grossRevenue\n        refunded\n        netRevenue\n        orders\n        ticketsSold\n        ticketsCancelled\n        newUsers\n        totalUsers\n      }\n      totals {\n        grossRevenue\n        refunded\n        netRevenue\n        orders\n        ticketsSold\n        ticketsCancelled\n        newUsers\n        totalUsers\n      }\n      topEvents(first: 10) {\n        event {\n          id\n          title\n          startsAt\n        }\n        orders\n        ticketsSold\n        revenue\n      }\n    }\n  }\n": types.DashboardDocument,
    "\n  query AdminEventStaff($eventId: ID!) {\n    eventStaff(eventId: $eventId) {\n      eventId\n      grantedAt\n      user {\n        id\n        name\n        email\n      }\n    }\n  }\n": types.AdminEventStaffDocument,
    "\n  mutation AdminGrantEventStaff($eventId: ID!, $userId: ID!) {\n    grantEventStaff(eventId: $eventId, userId: $userId) {\n      eventId\n      grantedAt\n      user {\n        id\n      }\n    }\n  }\n": types.AdminGrantEventStaffDocument,
    "\n  mutation AdminRevokeEventStaff($eventId: ID!, $userId: ID!) {\n    revokeEventStaff(eventId: $eventId, userId: $userId)\n  }\n": types.AdminRevokeEventStaffDocument,
    "\n  mutation AdminUpdateEventStatus($id: ID!, $status: EventStatus!) {\n    updateEvent(id: $id, input: { status: $status }) {\n      id\n      status\n    }\n  }\n": types.AdminUpdateEventStatusDocument,
    "\n  mutation AdminDeleteEvent($id: ID!) {\n    deleteEvent(id: $id)\n  }\n": types.AdminDeleteEventDocument,
    "\n  query AdminEvent($id: ID!) {\n    event(id: $id) {\n      id\n      title\n      titleEn\n      description\n      category\n      posterUrl\n      startsAt\n      saleStartsAt\n      status\n      venue {\n        id\n        name\n      }\n      artists {\n        id\n        name\n      }\n      ticketTypes {\n        id\n        code\n        name\n        price\n        color\n      }\n      sales {\n        orders\n        ticketsSold\n        revenue\n      }\n      checkIns {\n        checkedIn\n        lastAt\n      }\n      availability {\n        available\n        held\n        sold\n        blocked\n      }\n    }\n  }\n": types.AdminEventDocument,
    "\n  query AdminEventDailySales($id: ID!, $from: Date!, $to: Date!) {\n    event(id: $id) {\n      id\n      dailySales(from: $from, to: $to) {\n        date\n        orders\n        ticketsSold\n        ticketsCancelled\n        netRevenue\n      }\n    }\n  }\n": types.AdminEventDailySalesDocument,
    "\n  mutation AdminUpdateEvent($id: ID!, $input: UpdateEventInput!) {\n    updateEvent(id: $id, input: $input) {\n      id\n    }\n  }\n": types.AdminUpdateEventDocument,
    "\n  mutation AdminCreatePosterUpload($input: PosterUploadInput!) {\n    createPosterUpload(input: $input) {\n      uploadUrl\n      headers {\n        name\n        value\n      }\n      posterUrl\n    }\n  }\n": types.AdminCreatePosterUploadDocument,
    "\n  query AdminSeatLayouts {\n    seatLayouts {\n      id\n      name\n      seatCount\n      ticketTypeCodes\n    }\n  }\n": types.AdminSeatLayoutsDocument,
    "\n  mutation AdminAttachSeatLayout($eventId: ID!, $input: AttachSeatLayoutInput!) {\n    attachSeatLayout(eventId: $eventId, input: $input) {\n      id\n      availability {\n        total\n      }\n    }\n  }\n": types.AdminAttachSeatLayoutDocument,
    "\n  query AdminEvents($query: String, $first: Int!) {\n    events(query: $query, first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          title\n          startsAt\n          status\n          venue {\n            id\n            name\n          }\n          sales {\n            ticketsSold\n            revenue\n          }\n          queue {\n            enabled\n            paused\n            waiting\n          }\n        }\n      }\n    }\n  }\n": types.AdminEventsDocument,
    "\n  query AdminSeatLayoutList {\n    seatLayouts {\n      id\n      name\n      description\n      seatCount\n      ticketTypeCodes\n      updatedAt\n    }\n  }\n": types.AdminSeatLayoutListDocument,
    "\n  mutation AdminCreateSeatLayout($input: SeatLayoutInput!) {\n    createSeatLayout(input: $input) {\n      id\n      name\n      seatCount\n    }\n  }\n": types.AdminCreateSeatLayoutDocument,
    "\n  mutation AdminLogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n      user {\n        id\n        role\n      }\n    }\n  }\n": types.AdminLogInDocument,
    "\n  mutation AdminCreateEvent($input: CreateEventInput!) {\n    createEvent(input: $input) {\n      id\n    }\n  }\n": types.AdminCreateEventDocument,
    "\n  query AdminNews {\n    news(first: 50) {\n      edges {\n        node {\n          id\n          title\n          publishedAt\n          event {\n            id\n            title\n          }\n        }\n      }\n    }\n    events(first: 100) {\n      edges {\n        node {\n          id\n          title\n        }\n      }\n    }\n  }\n": types.AdminNewsDocument,
    "\n  mutation AdminPublishNews($input: PublishNewsInput!) {\n    publishNews(input: $input) {\n      id\n      title\n    }\n  }\n": types.AdminPublishNewsDocument,
    "\n  mutation AdminUnpublishNews($id: ID!) {\n    unpublishNews(id: $id)\n  }\n": types.AdminUnpublishNewsDocument,
    "\n  query AdminApiKeys {\n    apiKeys {\n      id\n      name\n      prefix\n      scopes\n      ratePerMinute\n      createdAt\n      revokedAt\n    }\n  }\n": types.AdminApiKeysDocument,
    "\n  mutation AdminCreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      secret\n      apiKey {\n        id\n        name\n      }\n    }\n  }\n": types.AdminCreateApiKeyDocument,
    "\n  mutation AdminRevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      id\n      revokedAt\n    }\n  }\n": types.AdminRevokeApiKeyDocument,
    "\n  query AdminQueueStats($eventId: ID!) {\n    queueStats(eventId: $eventId) {\n      eventId\n      status {\n        enabled\n        paused\n        waiting\n        mode\n        capacity\n        activeShoppers\n      }\n      inLine\n      preQueue\n      admittedLastMinute\n      admissionRate\n      oldestWaitSeconds\n      saleOpensAt\n    }\n  }\n": types.AdminQueueStatsDocument,
    "\n  mutation AdminConfigureQueue($eventId: ID!, $input: QueueConfigInput!) {\n    configureQueue(eventId: $eventId, input: $input) {\n      enabled\n      paused\n      mode\n      capacity\n    }\n  }\n": types.AdminConfigureQueueDocument,
    "\n  mutation AdminForceAdmit($eventId: ID!, $userId: ID!) {\n    forceAdmit(eventId: $eventId, userId: $userId) {\n      state\n      expiresAt\n    }\n  }\n": types.AdminForceAdmitDocument,
    "\n  query AdminRecentOrders {\n    recentOrders(first: 15) {\n      reservationId\n      tickets\n      amount\n      confirmedAt\n      cancelledAt\n      event {\n        id\n        title\n      }\n    }\n  }\n": types.AdminRecentOrdersDocument,
    "\n  query AdminEventReservations($eventId: ID!, $status: ReservationStatus) {\n    eventReservations(eventId: $eventId, status: $status, first: 20) {\n      edges {\n        node {\n          id\n          status\n          totalAmount\n          createdAt\n          user {\n            id\n            name\n            email\n          }\n          seats {\n            id\n            label\n          }\n          payment {\n            id\n            status\n            amount\n            refundedAmount\n            pendingRefundAmount\n          }\n        }\n      }\n    }\n  }\n": types.AdminEventReservationsDocument,
    "\n  mutation AdminRefund($paymentId: ID!, $amount: Int, $reason: String!) {\n    refundPayment(paymentId: $paymentId, amount: $amount, reason: $reason) {\n      id\n      status\n      refundedAmount\n      pendingRefundAmount\n    }\n  }\n": types.AdminRefundDocument,
    "\n  query ScannerKit($eventId: ID!, $since: String) {\n    scannerKit(eventId: $eventId, since: $since) {\n      eventId\n      publicKey\n      scanKey\n      revokedTicketIds\n      checkedInTicketIds\n      cursor\n      conflicts {\n        ticketId\n        seatLabel\n        deviceId\n        scannedAt\n        first {\n          at\n          deviceId\n        }\n      }\n    }\n  }\n": types.ScannerKitDocument,
    "\n  mutation DoorCheckIn($eventId: ID!, $payload: String!, $deviceId: String!) {\n    checkIn(eventId: $eventId, payload: $payload, deviceId: $deviceId) {\n      outcome\n      reason\n      ticketId\n      seatLabel\n      firstCheckIn {\n        at\n        deviceId\n      }\n    }\n  }\n": types.DoorCheckInDocument,
    "\n  mutation DoorSyncCheckIns($eventId: ID!, $deviceId: String!, $scans: [QueuedScanInput!]!) {\n    syncCheckIns(eventId: $eventId, deviceId: $deviceId, scans: $scans) {\n      outcome\n      reason\n      ticketId\n      seatLabel\n      scannedAt\n      first {\n        at\n        deviceId\n      }\n      secondEntries {\n        seatLabel\n        deviceId\n        scannedAt\n        first {\n          at\n          deviceId\n        }\n      }\n    }\n  }\n": types.DoorSyncCheckInsDocument,
    "\n  query AdminSeatMap($id: ID!) {\n    event(id: $id) {\n      id\n      seatMap {\n        version\n        width\n        height\n        seats {\n          id\n          label\n          status\n          x\n          y\n        }\n      }\n    }\n  }\n": types.AdminSeatMapDocument,
    "\n  mutation AdminBlockSeats($eventId: ID!, $seatIds: [ID!]!) {\n    blockSeats(eventId: $eventId, seatIds: $seatIds) {\n      version\n      seats {\n        id\n        status\n      }\n    }\n  }\n": types.AdminBlockSeatsDocument,
    "\n  mutation AdminUnblockSeats($eventId: ID!, $seatIds: [ID!]!) {\n    unblockSeats(eventId: $eventId, seatIds: $seatIds) {\n      version\n      seats {\n        id\n        status\n      }\n    }\n  }\n": types.AdminUnblockSeatsDocument,
    "\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) { accessToken refreshToken expiresIn }\n  }\n": types.RefreshSessionDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ArtistSearch($query: String) {\n    artists(query: $query, first: 20) {\n      id\n      name\n      nameEn\n    }\n  }\n"): (typeof documents)["\n  query ArtistSearch($query: String) {\n    artists(query: $query, first: 20) {\n      id\n      name\n      nameEn\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminUserSearch($query: String!) {\n    users(query: $query, first: 8) {\n      id\n      name\n      email\n    }\n  }\n"): (typeof documents)["\n  query AdminUserSearch($query: String!) {\n    users(query: $query, first: 8) {\n      id\n      name\n      email\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EventFieldOptions {\n    venues {\n      id\n      name\n      city\n    }\n    categories\n  }\n"): (typeof documents)["\n  query EventFieldOptions {\n    venues {\n      id\n      name\n      city\n    }\n    categories\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminMe {\n    me {\n      id\n      name\n      email\n      role\n    }\n  }\n"): (typeof documents)["\n  query AdminMe {\n    me {\n      id\n      name\n      email\n      role\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminLogOut($refreshToken: String!) {\n    logOut(refreshToken: $refreshToken)\n  }\n"): (typeof documents)["\n  mutation AdminLogOut($refreshToken: String!) {\n    logOut(refreshToken: $refreshToken)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditEvent($id: ID!) {\n    event(id: $id) {\n      id\n      title\n    }\n  }\n"): (typeof documents)["\n  query AuditEvent($id: ID!) {\n    event(id: $id) {\n      id\n      title\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditUser($id: ID!) {\n    user(id: $id) {\n      id\n      name\n      email\n    }\n  }\n"): (typeof documents)["\n  query AuditUser($id: ID!) {\n    user(id: $id) {\n      id\n      name\n      email\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminActions($service: String, $after: String) {\n    adminActions(service: $service, first: 50, after: $after) {\n      edges {\n        node {\n          id\n          service\n          action\n          targetType\n          targetId\n          details\n          at\n          actorId\n          actor {\n            id\n            name\n            email\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query AdminActions($service: String, $after: String) {\n    adminActions(service: $service, first: 50, after: $after) {\n      edges {\n        node {\n          id\n          service\n          action\n          targetType\n          targetId\n          details\n          at\n          actorId\n          actor {\n            id\n            name\n            email\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminCatalogData {\n    venues {\n      id\n      name\n      nameEn\n      city\n      capacity\n    }\n    artists(first: 100) {\n      id\n      name\n      nameEn\n    }\n    keywordMappings {\n      id\n      korean\n      english\n    }\n  }\n"): (typeof documents)["\n  query AdminCatalogData {\n    venues {\n      id\n      name\n      nameEn\n      city\n      capacity\n    }\n    artists(first: 100) {\n      id\n      name\n      nameEn\n    }\n    keywordMappings {\n      id\n      korean\n      english\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminCreateVenue($input: CreateVenueInput!) {\n    createVenue(input: $input) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation AdminCreateVenue($input: CreateVenueInput!) {\n    createVenue(input: $input) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminCreateArtist($input: CreateArtistInput!) {\n    createArtist(input: $input) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation AdminCreateArtist($input: CreateArtistInput!) {\n    createArtist(input: $input) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminAddKeywordMapping($input: KeywordMappingInput!) {\n    addKeywordMapping(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation AdminAddKeywordMapping($input: KeywordMappingInput!) {\n    addKeywordMapping(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminRemoveKeywordMapping($id: ID!) {\n    removeKeywordMapping(id: $id)\n  }\n"): (typeof documents)["\n  mutation AdminRemoveKeywordMapping($id: ID!) {\n    removeKeywordMapping(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Dashboard($from: Date!, $to: Date!) {\n    salesStats(from: $from, to: $to) {\n      from\n      to\n      days {\n        date\n        grossRevenue\n        refunded\n        netRevenue\n        orders\n        ticketsSold\n        ticketsCancelled\n        newUsers\n        totalUsers\n      }\n      totals {\n        grossRevenue\n        refunded\n        netRevenue\n        orders\n        ticketsSold\n        ticketsCancelled\n        newUsers\n        totalUsers\n      }\n      topEvents(first: 10) {\n        event {\n          id\n          title\n          startsAt\n        }\n        orders\n        ticketsSold\n        revenue\n      }\n    }\n  }\n"): (typeof documents)["\n  query Dashboard($from: Date!, $to: Date!) {\n    salesStats(from: $from, to: $to) {\n      from\n      to\n      days {\n        date\n        grossRevenue\n        refunded\n        netRevenue\n        orders\n        ticketsSold\n        ticketsCancelled\n        newUsers\n        totalUsers\n      }\n      totals {\n        grossRevenue\n        refunded\n        netRevenue\n        orders\n        ticketsSold\n        ticketsCancelled\n        newUsers\n        totalUsers\n      }\n      topEvents(first: 10) {\n        event {\n          id\n          title\n          startsAt\n        }\n        orders\n        ticketsSold\n        revenue\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminEventStaff($eventId: ID!) {\n    eventStaff(eventId: $eventId) {\n      eventId\n      grantedAt\n      user {\n        id\n        name\n        email\n      }\n    }\n  }\n"): (typeof documents)["\n  query AdminEventStaff($eventId: ID!) {\n    eventStaff(eventId: $eventId) {\n      eventId\n      grantedAt\n      user {\n        id\n        name\n        email\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminGrantEventStaff($eventId: ID!, $userId: ID!) {\n    grantEventStaff(eventId: $eventId, userId: $userId) {\n      eventId\n      grantedAt\n      user {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AdminGrantEventStaff($eventId: ID!, $userId: ID!) {\n    grantEventStaff(eventId: $eventId, userId: $userId) {\n      eventId\n      grantedAt\n      user {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminRevokeEventStaff($eventId: ID!, $userId: ID!) {\n    revokeEventStaff(eventId: $eventId, userId: $userId)\n  }\n"): (typeof documents)["\n  mutation AdminRevokeEventStaff($eventId: ID!, $userId: ID!) {\n    revokeEventStaff(eventId: $eventId, userId: $userId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminUpdateEventStatus($id: ID!, $status: EventStatus!) {\n    updateEvent(id: $id, input: { status: $status }) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation AdminUpdateEventStatus($id: ID!, $status: EventStatus!) {\n    updateEvent(id: $id, input: { status: $status }) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminDeleteEvent($id: ID!) {\n    deleteEvent(id: $id)\n  }\n"): (typeof documents)["\n  mutation AdminDeleteEvent($id: ID!) {\n    deleteEvent(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminEvent($id: ID!) {\n    event(id: $id) {\n      id\n      title\n      titleEn\n      description\n      category\n      posterUrl\n      startsAt\n      saleStartsAt\n      status\n      venue {\n        id\n        name\n      }\n      artists {\n        id\n        name\n      }\n      ticketTypes {\n        id\n        code\n        name\n        price\n        color\n      }\n      sales {\n        orders\n        ticketsSold\n        revenue\n      }\n      checkIns {\n        checkedIn\n        lastAt\n      }\n      availability {\n        available\n        held\n        sold\n        blocked\n      }\n    }\n  }\n"): (typeof documents)["\n  query AdminEvent($id: ID!) {\n    event(id: $id) {\n      id\n      title\n      titleEn\n      description\n      category\n      posterUrl\n      startsAt\n      saleStartsAt\n      status\n      venue {\n        id\n        name\n      }\n      artists {\n        id\n        name\n      }\n      ticketTypes {\n        id\n        code\n        name\n        price\n        color\n      }\n      sales {\n        orders\n        ticketsSold\n        revenue\n      }\n      checkIns {\n        checkedIn\n        lastAt\n      }\n      availability {\n        available\n        held\n        sold\n        blocked\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminEventDailySales($id: ID!, $from: Date!, $to: Date!) {\n    event(id: $id) {\n      id\n      dailySales(from: $from, to: $to) {\n        date\n        orders\n        ticketsSold\n        ticketsCancelled\n        netRevenue\n      }\n    }\n  }\n"): (typeof documents)["\n  query AdminEventDailySales($id: ID!, $from: Date!, $to: Date!) {\n    event(id: $id) {\n      id\n      dailySales(from: $from, to: $to) {\n        date\n        orders\n        ticketsSold\n        ticketsCancelled\n        netRevenue\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminUpdateEvent($id: ID!, $input: UpdateEventInput!) {\n    updateEvent(id: $id, input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation AdminUpdateEvent($id: ID!, $input: UpdateEventInput!) {\n    updateEvent(id: $id, input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminCreatePosterUpload($input: PosterUploadInput!) {\n    createPosterUpload(input: $input) {\n      uploadUrl\n      headers {\n        name\n        value\n      }\n      posterUrl\n    }\n  }\n"): (typeof documents)["\n  mutation AdminCreatePosterUpload($input: PosterUploadInput!) {\n    createPosterUpload(input: $input) {\n      uploadUrl\n      headers {\n        name\n        value\n      }\n      posterUrl\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminSeatLayouts {\n    seatLayouts {\n      id\n      name\n      seatCount\n      ticketTypeCodes\n    }\n  }\n"): (typeof documents)["\n  query AdminSeatLayouts {\n    seatLayouts {\n      id\n      name\n      seatCount\n      ticketTypeCodes\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminAttachSeatLayout($eventId: ID!, $input: AttachSeatLayoutInput!) {\n    attachSeatLayout(eventId: $eventId, input: $input) {\n      id\n      availability {\n        total\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AdminAttachSeatLayout($eventId: ID!, $input: AttachSeatLayoutInput!) {\n    attachSeatLayout(eventId: $eventId, input: $input) {\n      id\n      availability {\n        total\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminEvents($query: String, $first: Int!) {\n    events(query: $query, first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          title\n          startsAt\n          status\n          venue {\n            id\n            name\n          }\n          sales {\n            ticketsSold\n            revenue\n          }\n          queue {\n            enabled\n            paused\n            waiting\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AdminEvents($query: String, $first: Int!) {\n    events(query: $query, first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          title\n          startsAt\n          status\n          venue {\n            id\n            name\n          }\n          sales {\n            ticketsSold\n            revenue\n          }\n          queue {\n            enabled\n            paused\n            waiting\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminSeatLayoutList {\n    seatLayouts {\n      id\n      name\n      description\n      seatCount\n      ticketTypeCodes\n      updatedAt\n    }\n  }\n"): (typeof documents)["\n  query AdminSeatLayoutList {\n    seatLayouts {\n      id\n      name\n      description\n      seatCount\n      ticketTypeCodes\n      updatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminCreateSeatLayout($input: SeatLayoutInput!) {\n    createSeatLayout(input: $input) {\n      id\n      name\n      seatCount\n    }\n  }\n"): (typeof documents)["\n  mutation AdminCreateSeatLayout($input: SeatLayoutInput!) {\n    createSeatLayout(input: $input) {\n      id\n      name\n      seatCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminLogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n      user {\n        id\n        role\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AdminLogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n      user {\n        id\n        role\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminCreateEvent($input: CreateEventInput!) {\n    createEvent(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation AdminCreateEvent($input: CreateEventInput!) {\n    createEvent(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminNews {\n    news(first: 50) {\n      edges {\n        node {\n          id\n          title\n          publishedAt\n          event {\n            id\n            title\n          }\n        }\n      }\n    }\n    events(first: 100) {\n      edges {\n        node {\n          id\n          title\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AdminNews {\n    news(first: 50) {\n      edges {\n        node {\n          id\n          title\n          publishedAt\n          event {\n            id\n            title\n          }\n        }\n      }\n    }\n    events(first: 100) {\n      edges {\n        node {\n          id\n          title\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminPublishNews($input: PublishNewsInput!) {\n    publishNews(input: $input) {\n      id\n      title\n    }\n  }\n"): (typeof documents)["\n  mutation AdminPublishNews($input: PublishNewsInput!) {\n    publishNews(input: $input) {\n      id\n      title\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminUnpublishNews($id: ID!) {\n    unpublishNews(id: $id)\n  }\n"): (typeof documents)["\n  mutation AdminUnpublishNews($id: ID!) {\n    unpublishNews(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminApiKeys {\n    apiKeys {\n      id\n      name\n      prefix\n      scopes\n      ratePerMinute\n      createdAt\n      revokedAt\n    }\n  }\n"): (typeof documents)["\n  query AdminApiKeys {\n    apiKeys {\n      id\n      name\n      prefix\n      scopes\n      ratePerMinute\n      createdAt\n      revokedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminCreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      secret\n      apiKey {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AdminCreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      secret\n      apiKey {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminRevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      id\n      revokedAt\n    }\n  }\n"): (typeof documents)["\n  mutation AdminRevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      id\n      revokedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminQueueStats($eventId: ID!) {\n    queueStats(eventId: $eventId) {\n      eventId\n      status {\n        enabled\n        paused\n        waiting\n        mode\n        capacity\n        activeShoppers\n      }\n      inLine\n      preQueue\n      admittedLastMinute\n      admissionRate\n      oldestWaitSeconds\n      saleOpensAt\n    }\n  }\n"): (typeof documents)["\n  query AdminQueueStats($eventId: ID!) {\n    queueStats(eventId: $eventId) {\n      eventId\n      status {\n        enabled\n        paused\n        waiting\n        mode\n        capacity\n        activeShoppers\n      }\n      inLine\n      preQueue\n      admittedLastMinute\n      admissionRate\n      oldestWaitSeconds\n      saleOpensAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminConfigureQueue($eventId: ID!, $input: QueueConfigInput!) {\n    configureQueue(eventId: $eventId, input: $input) {\n      enabled\n      paused\n      mode\n      capacity\n    }\n  }\n"): (typeof documents)["\n  mutation AdminConfigureQueue($eventId: ID!, $input: QueueConfigInput!) {\n    configureQueue(eventId: $eventId, input: $input) {\n      enabled\n      paused\n      mode\n      capacity\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminForceAdmit($eventId: ID!, $userId: ID!) {\n    forceAdmit(eventId: $eventId, userId: $userId) {\n      state\n      expiresAt\n    }\n  }\n"): (typeof documents)["\n  mutation AdminForceAdmit($eventId: ID!, $userId: ID!) {\n    forceAdmit(eventId: $eventId, userId: $userId) {\n      state\n      expiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminRecentOrders {\n    recentOrders(first: 15) {\n      reservationId\n      tickets\n      amount\n      confirmedAt\n      cancelledAt\n      event {\n        id\n        title\n      }\n    }\n  }\n"): (typeof documents)["\n  query AdminRecentOrders {\n    recentOrders(first: 15) {\n      reservationId\n      tickets\n      amount\n      confirmedAt\n      cancelledAt\n      event {\n        id\n        title\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminEventReservations($eventId: ID!, $status: ReservationStatus) {\n    eventReservations(eventId: $eventId, status: $status, first: 20) {\n      edges {\n        node {\n          id\n          status\n          totalAmount\n          createdAt\n          user {\n            id\n            name\n            email\n          }\n          seats {\n            id\n            label\n          }\n          payment {\n            id\n            status\n            amount\n            refundedAmount\n            pendingRefundAmount\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AdminEventReservations($eventId: ID!, $status: ReservationStatus) {\n    eventReservations(eventId: $eventId, status: $status, first: 20) {\n      edges {\n        node {\n          id\n          status\n          totalAmount\n          createdAt\n          user {\n            id\n            name\n            email\n          }\n          seats {\n            id\n            label\n          }\n          payment {\n            id\n            status\n            amount\n            refundedAmount\n            pendingRefundAmount\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminRefund($paymentId: ID!, $amount: Int, $reason: String!) {\n    refundPayment(paymentId: $paymentId, amount: $amount, reason: $reason) {\n      id\n      status\n      refundedAmount\n      pendingRefundAmount\n    }\n  }\n"): (typeof documents)["\n  mutation AdminRefund($paymentId: ID!, $amount: Int, $reason: String!) {\n    refundPayment(paymentId: $paymentId, amount: $amount, reason: $reason) {\n      id\n      status\n      refundedAmount\n      pendingRefundAmount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ScannerKit($eventId: ID!, $since: String) {\n    scannerKit(eventId: $eventId, since: $since) {\n      eventId\n      publicKey\n      scanKey\n      revokedTicketIds\n      checkedInTicketIds\n      cursor\n      conflicts {\n        ticketId\n        seatLabel\n        deviceId\n        scannedAt\n        first {\n          at\n          deviceId\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ScannerKit($eventId: ID!, $since: String) {\n    scannerKit(eventId: $eventId, since: $since) {\n      eventId\n      publicKey\n      scanKey\n      revokedTicketIds\n      checkedInTicketIds\n      cursor\n      conflicts {\n        ticketId\n        seatLabel\n        deviceId\n        scannedAt\n        first {\n          at\n          deviceId\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DoorCheckIn($eventId: ID!, $payload: String!, $deviceId: String!) {\n    checkIn(eventId: $eventId, payload: $payload, deviceId: $deviceId) {\n      outcome\n      reason\n      ticketId\n      seatLabel\n      firstCheckIn {\n        at\n        deviceId\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation DoorCheckIn($eventId: ID!, $payload: String!, $deviceId: String!) {\n    checkIn(eventId: $eventId, payload: $payload, deviceId: $deviceId) {\n      outcome\n      reason\n      ticketId\n      seatLabel\n      firstCheckIn {\n        at\n        deviceId\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DoorSyncCheckIns($eventId: ID!, $deviceId: String!, $scans: [QueuedScanInput!]!) {\n    syncCheckIns(eventId: $eventId, deviceId: $deviceId, scans: $scans) {\n      outcome\n      reason\n      ticketId\n      seatLabel\n      scannedAt\n      first {\n        at\n        deviceId\n      }\n      secondEntries {\n        seatLabel\n        deviceId\n        scannedAt\n        first {\n          at\n          deviceId\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation DoorSyncCheckIns($eventId: ID!, $deviceId: String!, $scans: [QueuedScanInput!]!) {\n    syncCheckIns(eventId: $eventId, deviceId: $deviceId, scans: $scans) {\n      outcome\n      reason\n      ticketId\n      seatLabel\n      scannedAt\n      first {\n        at\n        deviceId\n      }\n      secondEntries {\n        seatLabel\n        deviceId\n        scannedAt\n        first {\n          at\n          deviceId\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminSeatMap($id: ID!) {\n    event(id: $id) {\n      id\n      seatMap {\n        version\n        width\n        height\n        seats {\n          id\n          label\n          status\n          x\n          y\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AdminSeatMap($id: ID!) {\n    event(id: $id) {\n      id\n      seatMap {\n        version\n        width\n        height\n        seats {\n          id\n          label\n          status\n          x\n          y\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminBlockSeats($eventId: ID!, $seatIds: [ID!]!) {\n    blockSeats(eventId: $eventId, seatIds: $seatIds) {\n      version\n      seats {\n        id\n        status\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AdminBlockSeats($eventId: ID!, $seatIds: [ID!]!) {\n    blockSeats(eventId: $eventId, seatIds: $seatIds) {\n      version\n      seats {\n        id\n        status\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminUnblockSeats($eventId: ID!, $seatIds: [ID!]!) {\n    unblockSeats(eventId: $eventId, seatIds: $seatIds) {\n      version\n      seats {\n        id\n        status\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AdminUnblockSeats($eventId: ID!, $seatIds: [ID!]!) {\n    unblockSeats(eventId: $eventId, seatIds: $seatIds) {\n      version\n      seats {\n        id\n        status\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) { accessToken refreshToken expiresIn }\n  }\n"): (typeof documents)["\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) { accessToken refreshToken expiresIn }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;