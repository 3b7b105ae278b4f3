/** A shop's permanent *.myshopify.com domain: the only form of shop the app accepts from outside. */
export const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;
