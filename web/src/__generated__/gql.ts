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
    "\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) { accessToken refreshToken expiresIn }\n  }\n": typeof types.RefreshSessionDocument,
    "\n  fragment AccountLink_user on User {\n    name\n  }\n": typeof types.AccountLink_UserFragmentDoc,
    "\n  fragment EventCard_event on Event {\n    id\n    title\n    titleEn\n    startsAt\n    status\n    venue {\n      id\n      name\n      nameEn\n    }\n    artists {\n      id\n      name\n      nameEn\n    }\n    ...Poster_event\n  }\n": typeof types.EventCard_EventFragmentDoc,
    "\n  mutation LogInWithGoogle($idToken: String!) {\n    logInWithGoogle(idToken: $idToken) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n": typeof types.LogInWithGoogleDocument,
    "\n  fragment HoldPanel_hold on SeatHold {\n    id\n    expiresAt\n    totalAmount\n    seats {\n      id\n      label\n      section\n      row\n      number\n      ticketType {\n        id\n        name\n        price\n      }\n    }\n  }\n": typeof types.HoldPanel_HoldFragmentDoc,
    "\n  query LayoutQuery {\n    me {\n      id\n      ...AccountLink_user\n    }\n  }\n": typeof types.LayoutQueryDocument,
    "\n  fragment NewsListItem_article on NewsArticle {\n    id\n    title\n    body\n    publishedAt\n  }\n": typeof types.NewsListItem_ArticleFragmentDoc,
    "\n  fragment Poster_event on Event {\n    id\n    title\n    titleEn\n    category\n    posterUrl\n  }\n": typeof types.Poster_EventFragmentDoc,
    "\n  fragment ReservationListItem_reservation on Reservation {\n    id\n    status\n    totalAmount\n    createdAt\n    event {\n      id\n      title\n      titleEn\n      startsAt\n    }\n    seats {\n      id\n    }\n  }\n": typeof types.ReservationListItem_ReservationFragmentDoc,
    "\n  fragment ReservationSummary_reservation on Reservation {\n    id\n    status\n    totalAmount\n    createdAt\n    event {\n      id\n      title\n      titleEn\n      startsAt\n      venue {\n        id\n        name\n        nameEn\n      }\n    }\n    seats {\n      id\n      label\n      section\n      row\n      number\n      ticketType {\n        id\n        name\n        price\n      }\n    }\n  }\n": typeof types.ReservationSummary_ReservationFragmentDoc,
    "\n  fragment SeatMap_seatMap on SeatMap {\n    width\n    height\n    stage {\n      x\n      y\n      width\n      height\n      label\n    }\n  }\n": typeof types.SeatMap_SeatMapFragmentDoc,
    "\n  fragment SeatSelection_event on Event {\n    id\n    status\n    saleStartsAt\n    ticketTypes {\n      id\n      name\n      price\n      color\n      availability {\n        available\n      }\n    }\n    availability {\n      total\n      available\n    }\n    queue {\n      enabled\n      waiting\n    }\n  }\n": typeof types.SeatSelection_EventFragmentDoc,
    "\n  query SeatSelectionQuery($id: ID!) {\n    event(id: $id) {\n      id\n      ...SeatSelection_event\n    }\n  }\n": typeof types.SeatSelectionQueryDocument,
    "\n  fragment TicketView_ticket on Ticket {\n    id\n    state\n    seatId\n    seatLabel\n    issuedAt\n    endedAt\n    endReason\n    checkedInAt\n    credential\n    codeSecret\n    event {\n      id\n      title\n      titleEn\n      startsAt\n      venue {\n        id\n        name\n        nameEn\n      }\n    }\n    seat {\n      id\n      label\n      section\n      row\n      number\n      ticketType {\n        id\n        name\n        price\n      }\n    }\n  }\n": typeof types.TicketView_TicketFragmentDoc,
    "\n  query CheckoutQuery($id: ID!) {\n    reservation(id: $id) {\n      id\n      status\n      expiresAt\n      checkoutToken\n      event {\n        id\n      }\n      ...ReservationSummary_reservation\n    }\n  }\n": typeof types.CheckoutQueryDocument,
    "\n  mutation PrepareCheckout($reservationId: ID!, $checkoutToken: String) {\n    preparePayment(reservationId: $reservationId, checkoutToken: $checkoutToken) {\n      orderId\n      orderName\n      amount\n      clientKey\n    }\n  }\n": typeof types.PrepareCheckoutDocument,
    "\n  mutation CancelCheckout($id: ID!) {\n    cancelReservation(id: $id) {\n      id\n      status\n    }\n  }\n": typeof types.CancelCheckoutDocument,
    "\n  query EventQuery($id: ID!) {\n    event(id: $id) {\n      id\n      title\n      titleEn\n      description\n      category\n      startsAt\n      saleStartsAt\n      status\n      venue {\n        id\n        name\n        nameEn\n        city\n        address\n      }\n      artists {\n        id\n        name\n        nameEn\n      }\n      ...Poster_event\n    }\n  }\n": typeof types.EventQueryDocument,
    "\n  query HomeQuery {\n    categories\n  }\n": typeof types.HomeQueryDocument,
    "\n  query HomeSectionQuery($status: EventStatus!, $first: Int!, $after: String) {\n    events(filter: { status: $status }, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          ...EventCard_event\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.HomeSectionQueryDocument,
    "\n  query HomeSearchQuery($query: String, $filter: EventFilter, $first: Int!, $after: String) {\n    events(query: $query, filter: $filter, first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...EventCard_event\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.HomeSearchQueryDocument,
    "\n  query HomeSuggestionsQuery($query: String!) {\n    searchSuggestions(query: $query, first: 3)\n  }\n": typeof types.HomeSuggestionsQueryDocument,
    "\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n": typeof types.LogInDocument,
    "\n  query MyPageQuery {\n    me {\n      id\n      name\n      email\n      role\n      createdAt\n    }\n  }\n": typeof types.MyPageQueryDocument,
    "\n  query MyReservationsQuery($first: Int, $after: String) {\n    myReservations(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          ...ReservationListItem_reservation\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.MyReservationsQueryDocument,
    "\n  mutation LogOut($refreshToken: String!) {\n    logOut(refreshToken: $refreshToken)\n  }\n": typeof types.LogOutDocument,
    "\n  query NewsQuery($first: Int!, $after: String) {\n    news(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          ...NewsListItem_article\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.NewsQueryDocument,
    "\n  query NewsArticleQuery($first: Int!, $after: String) {\n    news(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          title\n          body\n          publishedAt\n          event {\n            id\n            ...EventCard_event\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.NewsArticleQueryDocument,
    "\n  mutation ConfirmPayment($input: ConfirmPaymentInput!) {\n    confirmPayment(input: $input) {\n      id\n      status\n      amount\n      method\n      approvedAt\n      reservation {\n        id\n      }\n    }\n  }\n": typeof types.ConfirmPaymentDocument,
    "\n  query PaymentStatusQuery($id: ID!) {\n    reservation(id: $id) {\n      id\n      status\n      payment {\n        id\n        status\n      }\n    }\n  }\n": typeof types.PaymentStatusQueryDocument,
    "\n  fragment QueueTicket_ticket on QueueTicket {\n    eventId\n    state\n    position\n    etaSeconds\n    admissionPass\n    opensAt\n  }\n": typeof types.QueueTicket_TicketFragmentDoc,
    "\n  query QueuePageQuery($id: ID!) {\n    event(id: $id) {\n      id\n      title\n      titleEn\n      queue {\n        enabled\n        paused\n        waiting\n      }\n    }\n  }\n": typeof types.QueuePageQueryDocument,
    "\n  mutation JoinQueue($eventId: ID!, $proof: String) {\n    joinQueue(eventId: $eventId, proof: $proof) {\n      ...QueueTicket_ticket\n    }\n  }\n": typeof types.JoinQueueDocument,
    "\n  mutation LeaveQueue($eventId: ID!) {\n    leaveQueue(eventId: $eventId)\n  }\n": typeof types.LeaveQueueDocument,
    "\n  subscription QueuePosition($eventId: ID!) {\n    queuePosition(eventId: $eventId) {\n      ...QueueTicket_ticket\n    }\n  }\n": typeof types.QueuePositionDocument,
    "\n  query ReservationQuery($id: ID!) {\n    reservation(id: $id) {\n      id\n      status\n      qrCode\n      expiresAt\n      event {\n        id\n      }\n      tickets {\n        id\n        state\n        seatLabel\n      }\n      ...ReservationSummary_reservation\n      payment {\n        id\n        orderId\n        status\n        method\n        amount\n        refundedAmount\n        pendingRefundAmount\n        refundStatus\n        approvedAt\n        receiptUrl\n      }\n    }\n  }\n": typeof types.ReservationQueryDocument,
    "\n  mutation CancelReservation($id: ID!) {\n    cancelReservation(id: $id) {\n      id\n      status\n      qrCode\n      # Already PENDING in the answer: the receipt says \"refund in progress\" at once.\n      payment {\n        id\n        status\n        refundedAmount\n        pendingRefundAmount\n        refundStatus\n      }\n    }\n  }\n": typeof types.CancelReservationDocument,
    "\n  query SeatsQuery($id: ID!) {\n    event(id: $id) {\n      id\n      title\n      titleEn\n      status\n      startsAt\n      saleStartsAt\n      venue {\n        id\n        name\n        nameEn\n      }\n      ticketTypes {\n        id\n        name\n        code\n        price\n        color\n      }\n      seatMap {\n        version\n        statusCodes\n        layout {\n          revision\n          seats\n        }\n        ...SeatMap_seatMap\n      }\n    }\n  }\n": typeof types.SeatsQueryDocument,
    "\n  query SeatsQueueState($id: ID!) {\n    event(id: $id) {\n      id\n      queue {\n        enabled\n      }\n    }\n  }\n": typeof types.SeatsQueueStateDocument,
    "\n  query SeatsQueueTicket($eventId: ID!) {\n    myQueueTicket(eventId: $eventId) {\n      eventId\n      state\n      admissionPass\n    }\n  }\n": typeof types.SeatsQueueTicketDocument,
    "\n  query SeatHoldQuery($id: ID!) {\n    seatHold(id: $id) {\n      id\n      seats {\n        id\n      }\n      ...HoldPanel_hold\n    }\n  }\n": typeof types.SeatHoldQueryDocument,
    "\n  mutation HoldSeats($input: HoldSeatsInput!) {\n    holdSeats(input: $input) {\n      id\n      seats {\n        id\n      }\n      ...HoldPanel_hold\n    }\n  }\n": typeof types.HoldSeatsDocument,
    "\n  mutation HoldBestAvailable($eventId: ID!, $ticketTypeId: ID!, $quantity: Int!, $admissionPass: String) {\n    holdBestAvailable(\n      eventId: $eventId\n      ticketTypeId: $ticketTypeId\n      quantity: $quantity\n      admissionPass: $admissionPass\n    ) {\n      id\n      seats {\n        id\n      }\n      ...HoldPanel_hold\n    }\n  }\n": typeof types.HoldBestAvailableDocument,
    "\n  query ResaleListingsQuery($id: ID!) {\n    event(id: $id) {\n      id\n      resaleListings {\n        id\n        seatId\n        price\n        inCheckout\n        seat {\n          id\n          label\n          section\n          row\n          number\n          ticketType {\n            id\n            name\n            price\n          }\n        }\n      }\n    }\n  }\n": typeof types.ResaleListingsQueryDocument,
    "\n  mutation HoldResaleListing($listingId: ID!, $admissionPass: String) {\n    holdResaleListing(listingId: $listingId, admissionPass: $admissionPass) {\n      id\n      seats {\n        id\n      }\n      ...HoldPanel_hold\n    }\n  }\n": typeof types.HoldResaleListingDocument,
    "\n  mutation ReleaseHold($holdId: ID!) {\n    releaseHold(holdId: $holdId)\n  }\n": typeof types.ReleaseHoldDocument,
    "\n  mutation CreateReservation($holdId: ID!) {\n    createReservation(holdId: $holdId) {\n      id\n      status\n    }\n  }\n": typeof types.CreateReservationDocument,
    "\n  mutation QueueHeartbeat($eventId: ID!) {\n    queueHeartbeat(eventId: $eventId) {\n      eventId\n      state\n    }\n  }\n": typeof types.QueueHeartbeatDocument,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n": typeof types.SignUpDocument,
    "\n  query TicketPageQuery($id: ID!) {\n    ticket(id: $id) {\n      id\n      state\n      holder {\n        id\n      }\n      event {\n        id\n      }\n      ...TicketView_ticket\n      pendingTransfer {\n        id\n        status\n        toEmail\n        createdAt\n      }\n      resaleListing {\n        id\n        status\n        price\n        faceAmount\n        feeAmount\n        refundAmount\n        inCheckout\n      }\n    }\n  }\n": typeof types.TicketPageQueryDocument,
    "\n  query TicketPolicyQuery($eventId: ID!) {\n    ticketPolicy(eventId: $eventId) {\n      eventId\n      transfersCloseAt\n      resaleEnabled\n      resaleCapBps\n      resaleFeeBps\n    }\n  }\n": typeof types.TicketPolicyQueryDocument,
    "\n  mutation OfferTicketTransfer($ticketId: ID!, $toEmail: String!) {\n    offerTicketTransfer(ticketId: $ticketId, toEmail: $toEmail) {\n      id\n      status\n      toEmail\n    }\n  }\n": typeof types.OfferTicketTransferDocument,
    "\n  mutation CancelTicketTransfer($transferId: ID!) {\n    cancelTicketTransfer(transferId: $transferId) {\n      id\n      status\n    }\n  }\n": typeof types.CancelTicketTransferDocument,
    "\n  mutation ListTicketForResale($ticketId: ID!, $price: Int!) {\n    listTicketForResale(ticketId: $ticketId, price: $price) {\n      id\n      status\n      price\n    }\n  }\n": typeof types.ListTicketForResaleDocument,
    "\n  mutation CancelResaleListing($listingId: ID!) {\n    cancelResaleListing(listingId: $listingId) {\n      id\n      status\n    }\n  }\n": typeof types.CancelResaleListingDocument,
    "\n  query TicketsPageQuery {\n    me {\n      id\n      tickets {\n        id\n        ...TicketView_ticket\n      }\n      incomingTicketTransfers {\n        id\n        status\n        seatLabel\n        createdAt\n        event {\n          id\n          title\n          titleEn\n          startsAt\n        }\n      }\n    }\n  }\n": typeof types.TicketsPageQueryDocument,
    "\n  mutation AcceptTicketTransfer($transferId: ID!) {\n    acceptTicketTransfer(transferId: $transferId) {\n      id\n      status\n      newTicket {\n        id\n      }\n    }\n  }\n": typeof types.AcceptTicketTransferDocument,
    "\n  mutation DeclineTicketTransfer($transferId: ID!) {\n    declineTicketTransfer(transferId: $transferId) {\n      id\n      status\n    }\n  }\n": typeof types.DeclineTicketTransferDocument,
    "\n  query JoinChallenge($eventId: ID!, $deviceId: String) {\n    joinChallenge(eventId: $eventId, deviceId: $deviceId) {\n      challenge\n      expiresAt\n    }\n  }\n": typeof types.JoinChallengeDocument,
    "\n  query SignUpChallenge($deviceId: String) {\n    signUpChallenge(deviceId: $deviceId) {\n      challenge\n      expiresAt\n    }\n  }\n": typeof types.SignUpChallengeDocument,
    "\n  query SeatStatusQuery($id: ID!) {\n    event(id: $id) {\n      id\n      seatMap {\n        version\n        statusCodes\n        layout {\n          revision\n        }\n      }\n    }\n  }\n": typeof types.SeatStatusQueryDocument,
    "\n  query SeatChangesSinceQuery($id: ID!, $version: Int!) {\n    event(id: $id) {\n      id\n      seatMap {\n        changesSince(version: $version) {\n          version\n          seatIndexes\n          statusCodes\n        }\n        layout {\n          revision\n        }\n      }\n    }\n  }\n": typeof types.SeatChangesSinceQueryDocument,
    "\n  subscription SeatChanged($eventId: ID!) {\n    seatChanged(eventId: $eventId) {\n      eventId\n      version\n      seats {\n        id\n        status\n      }\n    }\n  }\n": typeof types.SeatChangedDocument,
};
const documents: Documents = {
    "\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) { accessToken refreshToken expiresIn }\n  }\n": types.RefreshSessionDocument,
    "\n  fragment AccountLink_user on User {\n    name\n  }\n": types.AccountLink_UserFragmentDoc,
    "\n  fragment EventCard_event on Event {\n    id\n    title\n    titleEn\n    startsAt\n    status\n    venue {\n      id\n      name\n      nameEn\n    }\n    artists {\n      id\n      name\n      nameEn\n    }\n    ...Poster_event\n  }\n": types.EventCard_EventFragmentDoc,
    "\n  mutation LogInWithGoogle($idToken: String!) {\n    logInWithGoogle(idToken: $idToken) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n": types.LogInWithGoogleDocument,
    "\n  fragment HoldPanel_hold on SeatHold {\n    id\n    expiresAt\n    totalAmount\n    seats {\n      id\n      label\n      section\n      row\n      number\n      ticketType {\n        id\n        name\n        price\n      }\n    }\n  }\n": types.HoldPanel_HoldFragmentDoc,
    "\n  query LayoutQuery {\n    me {\n      id\n      ...AccountLink_user\n    }\n  }\n": types.LayoutQueryDocument,
    "\n  fragment NewsListItem_article on NewsArticle {\n    id\n    title\n    body\n    publishedAt\n  }\n": types.NewsListItem_ArticleFragmentDoc,
    "\n  fragment Poster_event on Event {\n    id\n    title\n    titleEn\n    category\n    posterUrl\n  }\n": types.Poster_EventFragmentDoc,
    "\n  fragment ReservationListItem_reservation on Reservation {\n    id\n    status\n    totalAmount\n    createdAt\n    event {\n      id\n      title\n      titleEn\n      startsAt\n    }\n    seats {\n      id\n    }\n  }\n": types.ReservationListItem_ReservationFragmentDoc,
    "\n  fragment ReservationSummary_reservation on Reservation {\n    id\n    status\n    totalAmount\n    createdAt\n    event {\n      id\n      title\n      titleEn\n      startsAt\n      venue {\n        id\n        name\n        nameEn\n      }\n    }\n    seats {\n      id\n      label\n      section\n      row\n      number\n      ticketType {\n        id\n        name\n        price\n      }\n    }\n  }\n": types.ReservationSummary_ReservationFragmentDoc,
    "\n  fragment SeatMap_seatMap on SeatMap {\n    width\n    height\n    stage {\n      x\n      y\n      width\n      height\n      label\n    }\n  }\n": types.SeatMap_SeatMapFragmentDoc,
    "\n  fragment SeatSelection_event on Event {\n    id\n    status\n    saleStartsAt\n    ticketTypes {\n      id\n      name\n      price\n      color\n      availability {\n        available\n      }\n    }\n    availability {\n      total\n      available\n    }\n    queue {\n      enabled\n      waiting\n    }\n  }\n": types.SeatSelection_EventFragmentDoc,
    "\n  query SeatSelectionQuery($id: ID!) {\n    event(id: $id) {\n      id\n      ...SeatSelection_event\n    }\n  }\n": types.SeatSelectionQueryDocument,
    "\n  fragment TicketView_ticket on Ticket {\n    id\n    state\n    seatId\n    seatLabel\n    issuedAt\n    endedAt\n    endReason\n    checkedInAt\n    credential\n    codeSecret\n    event {\n      id\n      title\n      titleEn\n      startsAt\n      venue {\n        id\n        name\n        nameEn\n      }\n    }\n    seat {\n      id\n      label\n      section\n      row\n      number\n      ticketType {\n        id\n        name\n        price\n      }\n    }\n  }\n": types.TicketView_TicketFragmentDoc,
    "\n  query CheckoutQuery($id: ID!) {\n    reservation(id: $id) {\n      id\n      status\n      expiresAt\n      checkoutToken\n      event {\n        id\n      }\n      ...ReservationSummary_reservation\n    }\n  }\n": types.CheckoutQueryDocument,
    "\n  mutation PrepareCheckout($reservationId: ID!, $checkoutToken: String) {\n    preparePayment(reservationId: $reservationId, checkoutToken: $checkoutToken) {\n      orderId\n      orderName\n      amount\n      clientKey\n    }\n  }\n": types.PrepareCheckoutDocument,
    "\n  mutation CancelCheckout($id: ID!) {\n    cancelReservation(id: $id) {\n      id\n      status\n    }\n  }\n": types.CancelCheckoutDocument,
    "\n  query EventQuery($id: ID!) {\n    event(id: $id) {\n      id\n      title\n      titleEn\n      description\n      category\n      startsAt\n      saleStartsAt\n      status\n      venue {\n        id\n        name\n        nameEn\n        city\n        address\n      }\n      artists {\n        id\n        name\n        nameEn\n      }\n      ...Poster_event\n    }\n  }\n": types.EventQueryDocument,
    "\n  query HomeQuery {\n    categories\n  }\n": types.HomeQueryDocument,
    "\n  query HomeSectionQuery($status: EventStatus!, $first: Int!, $after: String) {\n    events(filter: { status: $status }, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          ...EventCard_event\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.HomeSectionQueryDocument,
    "\n  query HomeSearchQuery($query: String, $filter: EventFilter, $first: Int!, $after: String) {\n    events(query: $query, filter: $filter, first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...EventCard_event\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.HomeSearchQueryDocument,
    "\n  query HomeSuggestionsQuery($query: String!) {\n    searchSuggestions(query: $query, first: 3)\n  }\n": types.HomeSuggestionsQueryDocument,
    "\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n": types.LogInDocument,
    "\n  query MyPageQuery {\n    me {\n      id\n      name\n      email\n      role\n      createdAt\n    }\n  }\n": types.MyPageQueryDocument,
    "\n  query MyReservationsQuery($first: Int, $after: String) {\n    myReservations(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          ...ReservationListItem_reservation\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.MyReservationsQueryDocument,
    "\n  mutation LogOut($refreshToken: String!) {\n    logOut(refreshToken: $refreshToken)\n  }\n": types.LogOutDocument,
    "\n  query NewsQuery($first: Int!, $after: String) {\n    news(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          ...NewsListItem_article\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.NewsQueryDocument,
    "\n  query NewsArticleQuery($first: Int!, $after: String) {\n    news(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          title\n          body\n          publishedAt\n          event {\n            id\n            ...EventCard_event\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.NewsArticleQueryDocument,
    "\n  mutation ConfirmPayment($input: ConfirmPaymentInput!) {\n    confirmPayment(input: $input) {\n      id\n      status\n      amount\n      method\n      approvedAt\n      reservation {\n        id\n      }\n    }\n  }\n": types.ConfirmPaymentDocument,
    "\n  query PaymentStatusQuery($id: ID!) {\n    reservation(id: $id) {\n      id\n      status\n      payment {\n        id\n        status\n      }\n    }\n  }\n": types.PaymentStatusQueryDocument,
    "\n  fragment QueueTicket_ticket on QueueTicket {\n    eventId\n    state\n    position\n    etaSeconds\n    admissionPass\n    opensAt\n  }\n": types.QueueTicket_TicketFragmentDoc,
    "\n  query QueuePageQuery($id: ID!) {\n    event(id: $id) {\n      id\n      title\n      titleEn\n      queue {\n        enabled\n        paused\n        waiting\n      }\n    }\n  }\n": types.QueuePageQueryDocument,
    "\n  mutation JoinQueue($eventId: ID!, $proof: String) {\n    joinQueue(eventId: $eventId, proof: $proof) {\n      ...QueueTicket_ticket\n    }\n  }\n": types.JoinQueueDocument,
    "\n  mutation LeaveQueue($eventId: ID!) {\n    leaveQueue(eventId: $eventId)\n  }\n": types.LeaveQueueDocument,
    "\n  subscription QueuePosition($eventId: ID!) {\n    queuePosition(eventId: $eventId) {\n      ...QueueTicket_ticket\n    }\n  }\n": types.QueuePositionDocument,
    "\n  query ReservationQuery($id: ID!) {\n    reservation(id: $id) {\n      id\n      status\n      qrCode\n      expiresAt\n      event {\n        id\n      }\n      tickets {\n        id\n        state\n        seatLabel\n      }\n      ...ReservationSummary_reservation\n      payment {\n        id\n        orderId\n        status\n        method\n        amount\n        refundedAmount\n        pendingRefundAmount\n        refundStatus\n        approvedAt\n        receiptUrl\n      }\n    }\n  }\n": types.ReservationQueryDocument,
    "\n  mutation CancelReservation($id: ID!) {\n    cancelReservation(id: $id) {\n      id\n      status\n      qrCode\n      # Already PENDING in the answer: the receipt says \"refund in progress\" at once.\n      payment {\n        id\n        status\n        refundedAmount\n        pendingRefundAmount\n        refundStatus\n      }\n    }\n  }\n": types.CancelReservationDocument,
    "\n  query SeatsQuery($id: ID!) {\n    event(id: $id) {\n      id\n      title\n      titleEn\n      status\n      startsAt\n      saleStartsAt\n      venue {\n        id\n        name\n        nameEn\n      }\n      ticketTypes {\n        id\n        name\n        code\n        price\n        color\n      }\n      seatMap {\n        version\n        statusCodes\n        layout {\n          revision\n          seats\n        }\n        ...SeatMap_seatMap\n      }\n    }\n  }\n": types.SeatsQueryDocument,
    "\n  query SeatsQueueState($id: ID!) {\n    event(id: $id) {\n      id\n      queue {\n        enabled\n      }\n    }\n  }\n": types.SeatsQueueStateDocument,
    "\n  query SeatsQueueTicket($eventId: ID!) {\n    myQueueTicket(eventId: $eventId) {\n      eventId\n      state\n      admissionPass\n    }\n  }\n": types.SeatsQueueTicketDocument,
    "\n  query SeatHoldQuery($id: ID!) {\n    seatHold(id: $id) {\n      id\n      seats {\n        id\n      }\n      ...HoldPanel_hold\n    }\n  }\n": types.SeatHoldQueryDocument,
    "\n  mutation HoldSeats($input: HoldSeatsInput!) {\n    holdSeats(input: $input) {\n      id\n      seats {\n        id\n      }\n      ...HoldPanel_hold\n    }\n  }\n": types.HoldSeatsDocument,
    "\n  mutation HoldBestAvailable($eventId: ID!, $ticketTypeId: ID!, $quantity: Int!, $admissionPass: String) {\n    holdBestAvailable(\n      eventId: $eventId\n      ticketTypeId: $ticketTypeId\n      quantity: $quantity\n      admissionPass: $admissionPass\n    ) {\n      id\n      seats {\n        id\n      }\n      ...HoldPanel_hold\n    }\n  }\n": types.HoldBestAvailableDocument,
    "\n  query ResaleListingsQuery($id: ID!) {\n    event(id: $id) {\n      id\n      resaleListings {\n        id\n        seatId\n        price\n        inCheckout\n        seat {\n          id\n          label\n          section\n          row\n          number\n          ticketType {\n            id\n            name\n            price\n          }\n        }\n      }\n    }\n  }\n": types.ResaleListingsQueryDocument,
    "\n  mutation HoldResaleListing($listingId: ID!, $admissionPass: String) {\n    holdResaleListing(listingId: $listingId, admissionPass: $admissionPass) {\n      id\n      seats {\n        id\n      }\n      ...HoldPanel_hold\n    }\n  }\n": types.HoldResaleListingDocument,
    "\n  mutation ReleaseHold($holdId: ID!) {\n    releaseHold(holdId: $holdId)\n  }\n": types.ReleaseHoldDocument,
    "\n  mutation CreateReservation($holdId: ID!) {\n    createReservation(holdId: $holdId) {\n      id\n      status\n    }\n  }\n": types.CreateReservationDocument,
    "\n  mutation QueueHeartbeat($eventId: ID!) {\n    queueHeartbeat(eventId: $eventId) {\n      eventId\n      state\n    }\n  }\n": types.QueueHeartbeatDocument,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n": types.SignUpDocument,
    "\n  query TicketPageQuery($id: ID!) {\n    ticket(id: $id) {\n      id\n      state\n      holder {\n        id\n      }\n      event {\n        id\n      }\n      ...TicketView_ticket\n      pendingTransfer {\n        id\n        status\n        toEmail\n        createdAt\n      }\n      resaleListing {\n        id\n        status\n        price\n        faceAmount\n        feeAmount\n        refundAmount\n        inCheckout\n      }\n    }\n  }\n": types.TicketPageQueryDocument,
    "\n  query TicketPolicyQuery($eventId: ID!) {\n    ticketPolicy(eventId: $eventId) {\n      eventId\n      transfersCloseAt\n      resaleEnabled\n      resaleCapBps\n      resaleFeeBps\n    }\n  }\n": types.TicketPolicyQueryDocument,
    "\n  mutation OfferTicketTransfer($ticketId: ID!, $toEmail: String!) {\n    offerTicketTransfer(ticketId: $ticketId, toEmail: $toEmail) {\n      id\n      status\n      toEmail\n    }\n  }\n": types.OfferTicketTransferDocument,
    "\n  mutation CancelTicketTransfer($transferId: ID!) {\n    cancelTicketTransfer(transferId: $transferId) {\n      id\n      status\n    }\n  }\n": types.CancelTicketTransferDocument,
    "\n  mutation ListTicketForResale($ticketId: ID!, $price: Int!) {\n    listTicketForResale(ticketId: $ticketId, price: $price) {\n      id\n      status\n      price\n    }\n  }\n": types.ListTicketForResaleDocument,
    "\n  mutation CancelResaleListing($listingId: ID!) {\n    cancelResaleListing(listingId: $listingId) {\n      id\n      status\n    }\n  }\n": types.CancelResaleListingDocument,
    "\n  query TicketsPageQuery {\n    me {\n      id\n      tickets {\n        id\n        ...TicketView_ticket\n      }\n      incomingTicketTransfers {\n        id\n        status\n        seatLabel\n        createdAt\n        event {\n          id\n          title\n          titleEn\n          startsAt\n        }\n      }\n    }\n  }\n": types.TicketsPageQueryDocument,
    "\n  mutation AcceptTicketTransfer($transferId: ID!) {\n    acceptTicketTransfer(transferId: $transferId) {\n      id\n      status\n      newTicket {\n        id\n      }\n    }\n  }\n": types.AcceptTicketTransferDocument,
    "\n  mutation DeclineTicketTransfer($transferId: ID!) {\n    declineTicketTransfer(transferId: $transferId) {\n      id\n      status\n    }\n  }\n": types.DeclineTicketTransferDocument,
    "\n  query JoinChallenge($eventId: ID!, $deviceId: String) {\n    joinChallenge(eventId: $eventId, deviceId: $deviceId) {\n      challenge\n      expiresAt\n    }\n  }\n": types.JoinChallengeDocument,
    "\n  query SignUpChallenge($deviceId: String) {\n    signUpChallenge(deviceId: $deviceId) {\n      challenge\n      expiresAt\n    }\n  }\n": types.SignUpChallengeDocument,
    "\n  query SeatStatusQuery($id: ID!) {\n    event(id: $id) {\n      id\n      seatMap {\n        version\n        statusCodes\n        layout {\n          revision\n        }\n      }\n    }\n  }\n": types.SeatStatusQueryDocument,
    "\n  query SeatChangesSinceQuery($id: ID!, $version: Int!) {\n    event(id: $id) {\n      id\n      seatMap {\n        changesSince(version: $version) {\n          version\n          seatIndexes\n          statusCodes\n        }\n        layout {\n          revision\n        }\n      }\n    }\n  }\n": types.SeatChangesSinceQueryDocument,
    "\n  subscription SeatChanged($eventId: ID!) {\n    seatChanged(eventId: $eventId) {\n      eventId\n      version\n      seats {\n        id\n        status\n      }\n    }\n  }\n": types.SeatChangedDocument,
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
export function graphql(source: "\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) { accessToken refreshToken expiresIn }\n  }\n"): (typeof documents)["\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) { accessToken refreshToken expiresIn }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AccountLink_user on User {\n    name\n  }\n"): (typeof documents)["\n  fragment AccountLink_user on User {\n    name\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment EventCard_event on Event {\n    id\n    title\n    titleEn\n    startsAt\n    status\n    venue {\n      id\n      name\n      nameEn\n    }\n    artists {\n      id\n      name\n      nameEn\n    }\n    ...Poster_event\n  }\n"): (typeof documents)["\n  fragment EventCard_event on Event {\n    id\n    title\n    titleEn\n    startsAt\n    status\n    venue {\n      id\n      name\n      nameEn\n    }\n    artists {\n      id\n      name\n      nameEn\n    }\n    ...Poster_event\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogInWithGoogle($idToken: String!) {\n    logInWithGoogle(idToken: $idToken) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n"): (typeof documents)["\n  mutation LogInWithGoogle($idToken: String!) {\n    logInWithGoogle(idToken: $idToken) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment HoldPanel_hold on SeatHold {\n    id\n    expiresAt\n    totalAmount\n    seats {\n      id\n      label\n      section\n      row\n      number\n      ticketType {\n        id\n        name\n        price\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment HoldPanel_hold on SeatHold {\n    id\n    expiresAt\n    totalAmount\n    seats {\n      id\n      label\n      section\n      row\n      number\n      ticketType {\n        id\n        name\n        price\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LayoutQuery {\n    me {\n      id\n      ...AccountLink_user\n    }\n  }\n"): (typeof documents)["\n  query LayoutQuery {\n    me {\n      id\n      ...AccountLink_user\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment NewsListItem_article on NewsArticle {\n    id\n    title\n    body\n    publishedAt\n  }\n"): (typeof documents)["\n  fragment NewsListItem_article on NewsArticle {\n    id\n    title\n    body\n    publishedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment Poster_event on Event {\n    id\n    title\n    titleEn\n    category\n    posterUrl\n  }\n"): (typeof documents)["\n  fragment Poster_event on Event {\n    id\n    title\n    titleEn\n    category\n    posterUrl\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ReservationListItem_reservation on Reservation {\n    id\n    status\n    totalAmount\n    createdAt\n    event {\n      id\n      title\n      titleEn\n      startsAt\n    }\n    seats {\n      id\n    }\n  }\n"): (typeof documents)["\n  fragment ReservationListItem_reservation on Reservation {\n    id\n    status\n    totalAmount\n    createdAt\n    event {\n      id\n      title\n      titleEn\n      startsAt\n    }\n    seats {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ReservationSummary_reservation on Reservation {\n    id\n    status\n    totalAmount\n    createdAt\n    event {\n      id\n      title\n      titleEn\n      startsAt\n      venue {\n        id\n        name\n        nameEn\n      }\n    }\n    seats {\n      id\n      label\n      section\n      row\n      number\n      ticketType {\n        id\n        name\n        price\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment ReservationSummary_reservation on Reservation {\n    id\n    status\n    totalAmount\n    createdAt\n    event {\n      id\n      title\n      titleEn\n      startsAt\n      venue {\n        id\n        name\n        nameEn\n      }\n    }\n    seats {\n      id\n      label\n      section\n      row\n      number\n      ticketType {\n        id\n        name\n        price\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SeatMap_seatMap on SeatMap {\n    width\n    height\n    stage {\n      x\n      y\n      width\n      height\n      label\n    }\n  }\n"): (typeof documents)["\n  fragment SeatMap_seatMap on SeatMap {\n    width\n    height\n    stage {\n      x\n      y\n      width\n      height\n      label\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SeatSelection_event on Event {\n    id\n    status\n    saleStartsAt\n    ticketTypes {\n      id\n      name\n      price\n      color\n      availability {\n        available\n      }\n    }\n    availability {\n      total\n      available\n    }\n    queue {\n      enabled\n      waiting\n    }\n  }\n"): (typeof documents)["\n  fragment SeatSelection_event on Event {\n    id\n    status\n    saleStartsAt\n    ticketTypes {\n      id\n      name\n      price\n      color\n      availability {\n        available\n      }\n    }\n    availability {\n      total\n      available\n    }\n    queue {\n      enabled\n      waiting\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SeatSelectionQuery($id: ID!) {\n    event(id: $id) {\n      id\n      ...SeatSelection_event\n    }\n  }\n"): (typeof documents)["\n  query SeatSelectionQuery($id: ID!) {\n    event(id: $id) {\n      id\n      ...SeatSelection_event\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TicketView_ticket on Ticket {\n    id\n    state\n    seatId\n    seatLabel\n    issuedAt\n    endedAt\n    endReason\n    checkedInAt\n    credential\n    codeSecret\n    event {\n      id\n      title\n      titleEn\n      startsAt\n      venue {\n        id\n        name\n        nameEn\n      }\n    }\n    seat {\n      id\n      label\n      section\n      row\n      number\n      ticketType {\n        id\n        name\n        price\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment TicketView_ticket on Ticket {\n    id\n    state\n    seatId\n    seatLabel\n    issuedAt\n    endedAt\n    endReason\n    checkedInAt\n    credential\n    codeSecret\n    event {\n      id\n      title\n      titleEn\n      startsAt\n      venue {\n        id\n        name\n        nameEn\n      }\n    }\n    seat {\n      id\n      label\n      section\n      row\n      number\n      ticketType {\n        id\n        name\n        price\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CheckoutQuery($id: ID!) {\n    reservation(id: $id) {\n      id\n      status\n      expiresAt\n      checkoutToken\n      event {\n        id\n      }\n      ...ReservationSummary_reservation\n    }\n  }\n"): (typeof documents)["\n  query CheckoutQuery($id: ID!) {\n    reservation(id: $id) {\n      id\n      status\n      expiresAt\n      checkoutToken\n      event {\n        id\n      }\n      ...ReservationSummary_reservation\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PrepareCheckout($reservationId: ID!, $checkoutToken: String) {\n    preparePayment(reservationId: $reservationId, checkoutToken: $checkoutToken) {\n      orderId\n      orderName\n      amount\n      clientKey\n    }\n  }\n"): (typeof documents)["\n  mutation PrepareCheckout($reservationId: ID!, $checkoutToken: String) {\n    preparePayment(reservationId: $reservationId, checkoutToken: $checkoutToken) {\n      orderId\n      orderName\n      amount\n      clientKey\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelCheckout($id: ID!) {\n    cancelReservation(id: $id) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation CancelCheckout($id: ID!) {\n    cancelReservation(id: $id) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EventQuery($id: ID!) {\n    event(id: $id) {\n      id\n      title\n      titleEn\n      description\n      category\n      startsAt\n      saleStartsAt\n      status\n      venue {\n        id\n        name\n        nameEn\n        city\n        address\n      }\n      artists {\n        id\n        name\n        nameEn\n      }\n      ...Poster_event\n    }\n  }\n"): (typeof documents)["\n  query EventQuery($id: ID!) {\n    event(id: $id) {\n      id\n      title\n      titleEn\n      description\n      category\n      startsAt\n      saleStartsAt\n      status\n      venue {\n        id\n        name\n        nameEn\n        city\n        address\n      }\n      artists {\n        id\n        name\n        nameEn\n      }\n      ...Poster_event\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HomeQuery {\n    categories\n  }\n"): (typeof documents)["\n  query HomeQuery {\n    categories\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HomeSectionQuery($status: EventStatus!, $first: Int!, $after: String) {\n    events(filter: { status: $status }, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          ...EventCard_event\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query HomeSectionQuery($status: EventStatus!, $first: Int!, $after: String) {\n    events(filter: { status: $status }, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          ...EventCard_event\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HomeSearchQuery($query: String, $filter: EventFilter, $first: Int!, $after: String) {\n    events(query: $query, filter: $filter, first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...EventCard_event\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query HomeSearchQuery($query: String, $filter: EventFilter, $first: Int!, $after: String) {\n    events(query: $query, filter: $filter, first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...EventCard_event\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HomeSuggestionsQuery($query: String!) {\n    searchSuggestions(query: $query, first: 3)\n  }\n"): (typeof documents)["\n  query HomeSuggestionsQuery($query: String!) {\n    searchSuggestions(query: $query, first: 3)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n"): (typeof documents)["\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyPageQuery {\n    me {\n      id\n      name\n      email\n      role\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  query MyPageQuery {\n    me {\n      id\n      name\n      email\n      role\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyReservationsQuery($first: Int, $after: String) {\n    myReservations(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          ...ReservationListItem_reservation\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query MyReservationsQuery($first: Int, $after: String) {\n    myReservations(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          ...ReservationListItem_reservation\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogOut($refreshToken: String!) {\n    logOut(refreshToken: $refreshToken)\n  }\n"): (typeof documents)["\n  mutation LogOut($refreshToken: String!) {\n    logOut(refreshToken: $refreshToken)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NewsQuery($first: Int!, $after: String) {\n    news(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          ...NewsListItem_article\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query NewsQuery($first: Int!, $after: String) {\n    news(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          ...NewsListItem_article\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NewsArticleQuery($first: Int!, $after: String) {\n    news(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          title\n          body\n          publishedAt\n          event {\n            id\n            ...EventCard_event\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query NewsArticleQuery($first: Int!, $after: String) {\n    news(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          title\n          body\n          publishedAt\n          event {\n            id\n            ...EventCard_event\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConfirmPayment($input: ConfirmPaymentInput!) {\n    confirmPayment(input: $input) {\n      id\n      status\n      amount\n      method\n      approvedAt\n      reservation {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ConfirmPayment($input: ConfirmPaymentInput!) {\n    confirmPayment(input: $input) {\n      id\n      status\n      amount\n      method\n      approvedAt\n      reservation {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PaymentStatusQuery($id: ID!) {\n    reservation(id: $id) {\n      id\n      status\n      payment {\n        id\n        status\n      }\n    }\n  }\n"): (typeof documents)["\n  query PaymentStatusQuery($id: ID!) {\n    reservation(id: $id) {\n      id\n      status\n      payment {\n        id\n        status\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment QueueTicket_ticket on QueueTicket {\n    eventId\n    state\n    position\n    etaSeconds\n    admissionPass\n    opensAt\n  }\n"): (typeof documents)["\n  fragment QueueTicket_ticket on QueueTicket {\n    eventId\n    state\n    position\n    etaSeconds\n    admissionPass\n    opensAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query QueuePageQuery($id: ID!) {\n    event(id: $id) {\n      id\n      title\n      titleEn\n      queue {\n        enabled\n        paused\n        waiting\n      }\n    }\n  }\n"): (typeof documents)["\n  query QueuePageQuery($id: ID!) {\n    event(id: $id) {\n      id\n      title\n      titleEn\n      queue {\n        enabled\n        paused\n        waiting\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation JoinQueue($eventId: ID!, $proof: String) {\n    joinQueue(eventId: $eventId, proof: $proof) {\n      ...QueueTicket_ticket\n    }\n  }\n"): (typeof documents)["\n  mutation JoinQueue($eventId: ID!, $proof: String) {\n    joinQueue(eventId: $eventId, proof: $proof) {\n      ...QueueTicket_ticket\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LeaveQueue($eventId: ID!) {\n    leaveQueue(eventId: $eventId)\n  }\n"): (typeof documents)["\n  mutation LeaveQueue($eventId: ID!) {\n    leaveQueue(eventId: $eventId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription QueuePosition($eventId: ID!) {\n    queuePosition(eventId: $eventId) {\n      ...QueueTicket_ticket\n    }\n  }\n"): (typeof documents)["\n  subscription QueuePosition($eventId: ID!) {\n    queuePosition(eventId: $eventId) {\n      ...QueueTicket_ticket\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReservationQuery($id: ID!) {\n    reservation(id: $id) {\n      id\n      status\n      qrCode\n      expiresAt\n      event {\n        id\n      }\n      tickets {\n        id\n        state\n        seatLabel\n      }\n      ...ReservationSummary_reservation\n      payment {\n        id\n        orderId\n        status\n        method\n        amount\n        refundedAmount\n        pendingRefundAmount\n        refundStatus\n        approvedAt\n        receiptUrl\n      }\n    }\n  }\n"): (typeof documents)["\n  query ReservationQuery($id: ID!) {\n    reservation(id: $id) {\n      id\n      status\n      qrCode\n      expiresAt\n      event {\n        id\n      }\n      tickets {\n        id\n        state\n        seatLabel\n      }\n      ...ReservationSummary_reservation\n      payment {\n        id\n        orderId\n        status\n        method\n        amount\n        refundedAmount\n        pendingRefundAmount\n        refundStatus\n        approvedAt\n        receiptUrl\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelReservation($id: ID!) {\n    cancelReservation(id: $id) {\n      id\n      status\n      qrCode\n      # Already PENDING in the answer: the receipt says \"refund in progress\" at once.\n      payment {\n        id\n        status\n        refundedAmount\n        pendingRefundAmount\n        refundStatus\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CancelReservation($id: ID!) {\n    cancelReservation(id: $id) {\n      id\n      status\n      qrCode\n      # Already PENDING in the answer: the receipt says \"refund in progress\" at once.\n      payment {\n        id\n        status\n        refundedAmount\n        pendingRefundAmount\n        refundStatus\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SeatsQuery($id: ID!) {\n    event(id: $id) {\n      id\n      title\n      titleEn\n      status\n      startsAt\n      saleStartsAt\n      venue {\n        id\n        name\n        nameEn\n      }\n      ticketTypes {\n        id\n        name\n        code\n        price\n        color\n      }\n      seatMap {\n        version\n        statusCodes\n        layout {\n          revision\n          seats\n        }\n        ...SeatMap_seatMap\n      }\n    }\n  }\n"): (typeof documents)["\n  query SeatsQuery($id: ID!) {\n    event(id: $id) {\n      id\n      title\n      titleEn\n      status\n      startsAt\n      saleStartsAt\n      venue {\n        id\n        name\n        nameEn\n      }\n      ticketTypes {\n        id\n        name\n        code\n        price\n        color\n      }\n      seatMap {\n        version\n        statusCodes\n        layout {\n          revision\n          seats\n        }\n        ...SeatMap_seatMap\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SeatsQueueState($id: ID!) {\n    event(id: $id) {\n      id\n      queue {\n        enabled\n      }\n    }\n  }\n"): (typeof documents)["\n  query SeatsQueueState($id: ID!) {\n    event(id: $id) {\n      id\n      queue {\n        enabled\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SeatsQueueTicket($eventId: ID!) {\n    myQueueTicket(eventId: $eventId) {\n      eventId\n      state\n      admissionPass\n    }\n  }\n"): (typeof documents)["\n  query SeatsQueueTicket($eventId: ID!) {\n    myQueueTicket(eventId: $eventId) {\n      eventId\n      state\n      admissionPass\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SeatHoldQuery($id: ID!) {\n    seatHold(id: $id) {\n      id\n      seats {\n        id\n      }\n      ...HoldPanel_hold\n    }\n  }\n"): (typeof documents)["\n  query SeatHoldQuery($id: ID!) {\n    seatHold(id: $id) {\n      id\n      seats {\n        id\n      }\n      ...HoldPanel_hold\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation HoldSeats($input: HoldSeatsInput!) {\n    holdSeats(input: $input) {\n      id\n      seats {\n        id\n      }\n      ...HoldPanel_hold\n    }\n  }\n"): (typeof documents)["\n  mutation HoldSeats($input: HoldSeatsInput!) {\n    holdSeats(input: $input) {\n      id\n      seats {\n        id\n      }\n      ...HoldPanel_hold\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation HoldBestAvailable($eventId: ID!, $ticketTypeId: ID!, $quantity: Int!, $admissionPass: String) {\n    holdBestAvailable(\n      eventId: $eventId\n      ticketTypeId: $ticketTypeId\n      quantity: $quantity\n      admissionPass: $admissionPass\n    ) {\n      id\n      seats {\n        id\n      }\n      ...HoldPanel_hold\n    }\n  }\n"): (typeof documents)["\n  mutation HoldBestAvailable($eventId: ID!, $ticketTypeId: ID!, $quantity: Int!, $admissionPass: String) {\n    holdBestAvailable(\n      eventId: $eventId\n      ticketTypeId: $ticketTypeId\n      quantity: $quantity\n      admissionPass: $admissionPass\n    ) {\n      id\n      seats {\n        id\n      }\n      ...HoldPanel_hold\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ResaleListingsQuery($id: ID!) {\n    event(id: $id) {\n      id\n      resaleListings {\n        id\n        seatId\n        price\n        inCheckout\n        seat {\n          id\n          label\n          section\n          row\n          number\n          ticketType {\n            id\n            name\n            price\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ResaleListingsQuery($id: ID!) {\n    event(id: $id) {\n      id\n      resaleListings {\n        id\n        seatId\n        price\n        inCheckout\n        seat {\n          id\n          label\n          section\n          row\n          number\n          ticketType {\n            id\n            name\n            price\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation HoldResaleListing($listingId: ID!, $admissionPass: String) {\n    holdResaleListing(listingId: $listingId, admissionPass: $admissionPass) {\n      id\n      seats {\n        id\n      }\n      ...HoldPanel_hold\n    }\n  }\n"): (typeof documents)["\n  mutation HoldResaleListing($listingId: ID!, $admissionPass: String) {\n    holdResaleListing(listingId: $listingId, admissionPass: $admissionPass) {\n      id\n      seats {\n        id\n      }\n      ...HoldPanel_hold\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReleaseHold($holdId: ID!) {\n    releaseHold(holdId: $holdId)\n  }\n"): (typeof documents)["\n  mutation ReleaseHold($holdId: ID!) {\n    releaseHold(holdId: $holdId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateReservation($holdId: ID!) {\n    createReservation(holdId: $holdId) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation CreateReservation($holdId: ID!) {\n    createReservation(holdId: $holdId) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation QueueHeartbeat($eventId: ID!) {\n    queueHeartbeat(eventId: $eventId) {\n      eventId\n      state\n    }\n  }\n"): (typeof documents)["\n  mutation QueueHeartbeat($eventId: ID!) {\n    queueHeartbeat(eventId: $eventId) {\n      eventId\n      state\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n"): (typeof documents)["\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TicketPageQuery($id: ID!) {\n    ticket(id: $id) {\n      id\n      state\n      holder {\n        id\n      }\n      event {\n        id\n      }\n      ...TicketView_ticket\n      pendingTransfer {\n        id\n        status\n        toEmail\n        createdAt\n      }\n      resaleListing {\n        id\n        status\n        price\n        faceAmount\n        feeAmount\n        refundAmount\n        inCheckout\n      }\n    }\n  }\n"): (typeof documents)["\n  query TicketPageQuery($id: ID!) {\n    ticket(id: $id) {\n      id\n      state\n      holder {\n        id\n      }\n      event {\n        id\n      }\n      ...TicketView_ticket\n      pendingTransfer {\n        id\n        status\n        toEmail\n        createdAt\n      }\n      resaleListing {\n        id\n        status\n        price\n        faceAmount\n        feeAmount\n        refundAmount\n        inCheckout\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TicketPolicyQuery($eventId: ID!) {\n    ticketPolicy(eventId: $eventId) {\n      eventId\n      transfersCloseAt\n      resaleEnabled\n      resaleCapBps\n      resaleFeeBps\n    }\n  }\n"): (typeof documents)["\n  query TicketPolicyQuery($eventId: ID!) {\n    ticketPolicy(eventId: $eventId) {\n      eventId\n      transfersCloseAt\n      resaleEnabled\n      resaleCapBps\n      resaleFeeBps\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation OfferTicketTransfer($ticketId: ID!, $toEmail: String!) {\n    offerTicketTransfer(ticketId: $ticketId, toEmail: $toEmail) {\n      id\n      status\n      toEmail\n    }\n  }\n"): (typeof documents)["\n  mutation OfferTicketTransfer($ticketId: ID!, $toEmail: String!) {\n    offerTicketTransfer(ticketId: $ticketId, toEmail: $toEmail) {\n      id\n      status\n      toEmail\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelTicketTransfer($transferId: ID!) {\n    cancelTicketTransfer(transferId: $transferId) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation CancelTicketTransfer($transferId: ID!) {\n    cancelTicketTransfer(transferId: $transferId) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ListTicketForResale($ticketId: ID!, $price: Int!) {\n    listTicketForResale(ticketId: $ticketId, price: $price) {\n      id\n      status\n      price\n    }\n  }\n"): (typeof documents)["\n  mutation ListTicketForResale($ticketId: ID!, $price: Int!) {\n    listTicketForResale(ticketId: $ticketId, price: $price) {\n      id\n      status\n      price\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelResaleListing($listingId: ID!) {\n    cancelResaleListing(listingId: $listingId) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation CancelResaleListing($listingId: ID!) {\n    cancelResaleListing(listingId: $listingId) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TicketsPageQuery {\n    me {\n      id\n      tickets {\n        id\n        ...TicketView_ticket\n      }\n      incomingTicketTransfers {\n        id\n        status\n        seatLabel\n        createdAt\n        event {\n          id\n          title\n          titleEn\n          startsAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query TicketsPageQuery {\n    me {\n      id\n      tickets {\n        id\n        ...TicketView_ticket\n      }\n      incomingTicketTransfers {\n        id\n        status\n        seatLabel\n        createdAt\n        event {\n          id\n          title\n          titleEn\n          startsAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcceptTicketTransfer($transferId: ID!) {\n    acceptTicketTransfer(transferId: $transferId) {\n      id\n      status\n      newTicket {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AcceptTicketTransfer($transferId: ID!) {\n    acceptTicketTransfer(transferId: $transferId) {\n      id\n      status\n      newTicket {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeclineTicketTransfer($transferId: ID!) {\n    declineTicketTransfer(transferId: $transferId) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation DeclineTicketTransfer($transferId: ID!) {\n    declineTicketTransfer(transferId: $transferId) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JoinChallenge($eventId: ID!, $deviceId: String) {\n    joinChallenge(eventId: $eventId, deviceId: $deviceId) {\n      challenge\n      expiresAt\n    }\n  }\n"): (typeof documents)["\n  query JoinChallenge($eventId: ID!, $deviceId: String) {\n    joinChallenge(eventId: $eventId, deviceId: $deviceId) {\n      challenge\n      expiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SignUpChallenge($deviceId: String) {\n    signUpChallenge(deviceId: $deviceId) {\n      challenge\n      expiresAt\n    }\n  }\n"): (typeof documents)["\n  query SignUpChallenge($deviceId: String) {\n    signUpChallenge(deviceId: $deviceId) {\n      challenge\n      expiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SeatStatusQuery($id: ID!) {\n    event(id: $id) {\n      id\n      seatMap {\n        version\n        statusCodes\n        layout {\n          revision\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SeatStatusQuery($id: ID!) {\n    event(id: $id) {\n      id\n      seatMap {\n        version\n        statusCodes\n        layout {\n          revision\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SeatChangesSinceQuery($id: ID!, $version: Int!) {\n    event(id: $id) {\n      id\n      seatMap {\n        changesSince(version: $version) {\n          version\n          seatIndexes\n          statusCodes\n        }\n        layout {\n          revision\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SeatChangesSinceQuery($id: ID!, $version: Int!) {\n    event(id: $id) {\n      id\n      seatMap {\n        changesSince(version: $version) {\n          version\n          seatIndexes\n          statusCodes\n        }\n        layout {\n          revision\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SeatChanged($eventId: ID!) {\n    seatChanged(eventId: $eventId) {\n      eventId\n      version\n      seats {\n        id\n        status\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription SeatChanged($eventId: ID!) {\n    seatChanged(eventId: $eventId) {\n      eventId\n      version\n      seats {\n        id\n        status\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;