package dev.parley.core.accounts;

/**
 * A sign-in with the right password of an account with two-factor sign-in, but no code: the API
 * answers {@code {"twoFactorRequired": true}} and opens no session; the client asks for the code.
 */
final class TwoFactorRequired extends RuntimeException {

  private static final long serialVersionUID = 1L;

  TwoFactorRequired() {
    super("a two-factor code is required", null, false, false);
  }
}
