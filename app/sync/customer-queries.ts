/**
 * The GraphQL the customer sync sends. Every document starts with #graphql
 * so test/graphql validates it against the Admin API schema.
 */

/** The one list of customer fields the sync reads (see customer-snapshot.ts). */
export const SYNC_CUSTOMER_FIELDS = `#graphql
fragment SyncCustomer on Customer {
  id
  firstName
  lastName
  updatedAt
  defaultEmailAddress {
    emailAddress
    marketingState
    marketingOptInLevel
    marketingUpdatedAt
  }
  defaultPhoneNumber {
    phoneNumber
    smsMarketingConsent {
      state
      optInLevel
      updatedAt
      collectedFrom
    }
    whatsAppMarketingConsent {
      state
      optInLevel
      updatedAt
      collectedFrom
    }
  }
  defaultAddress {
    countryCodeV2
  }
}
`;

export const RUN_BULK_QUERY = `#graphql
mutation RunCustomerBulkQuery($query: String!) {
  bulkOperationRunQuery(query: $query) {
    bulkOperation {
      id
      status
    }
    userErrors {
      field
      message
    }
  }
}
`;

export const BULK_OPERATION_QUERY = `#graphql
query BulkOperationStatus($id: ID!) {
  bulkOperation(id: $id) {
    id
    status
    errorCode
    objectCount
    url
    partialDataUrl
  }
}
`;

/**
 * Bulk queries are sent as a string argument; they spell the fields out
 * (taken from the fragment) rather than rely on fragment support there.
 */
export function bulkCustomersQuery(): string {
  const body = SYNC_CUSTOMER_FIELDS.slice(
    SYNC_CUSTOMER_FIELDS.indexOf("{") + 1,
    SYNC_CUSTOMER_FIELDS.lastIndexOf("}"),
  );
  return `{ customers { edges { node { ${body} } } } }`;
}
