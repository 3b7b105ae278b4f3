/** The shop and app credentials that tests and benches sign their Shopify requests with. */
export const TEST_API_KEY = "test-api-key";
export const TEST_API_SECRET = "test-api-secret";
export const TEST_SHOP = "test-shop.myshopify.com";
