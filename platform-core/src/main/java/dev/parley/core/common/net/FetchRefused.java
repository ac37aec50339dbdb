package dev.parley.core.common.net;

/**
 * Why {@link PublicFetch} did not bring an answer back: the address is not public, the answer is
 * too large or of a type the caller does not take, a redirect went somewhere refused, the site did
 * not answer in time. The message is meant for people and names no internals.
 */
public final class FetchRefused extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public FetchRefused(String message) {
    super(message, null, false, false);
  }
}
