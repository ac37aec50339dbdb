/**
 * The bots of Parley's four seed businesses (energy provider, bank, shop, airline). Each is what a
 * company's own backend would be: it receives the business's webhooks (Standard Webhooks
 * signatures verified) and answers through the public Business API with the business's key, and
 * nothing else: no class of the platform is reachable from this module.
 */
@NullMarked
package dev.parley.samples.business;

import org.jspecify.annotations.NullMarked;
