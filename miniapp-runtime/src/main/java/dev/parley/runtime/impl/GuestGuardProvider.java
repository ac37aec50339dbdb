package dev.parley.runtime.impl;

import com.oracle.truffle.api.instrumentation.TruffleInstrument;
import com.oracle.truffle.api.instrumentation.provider.TruffleInstrumentProvider;
import java.util.Collection;
import java.util.List;
import org.graalvm.polyglot.SandboxPolicy;

/**
 * Registers {@link GuestGuard} with Truffle (found through {@code META-INF/services}); written
 * by hand instead of by the Truffle annotation processor. Public only because the service
 * loader needs it.
 */
@TruffleInstrument.Registration(id = GuestGuard.ID, name = "Parley guest guard", services = GuestGuard.Handle.class, sandbox = SandboxPolicy.CONSTRAINED)
public final class GuestGuardProvider extends TruffleInstrumentProvider {

  /** Creates the provider; called by the service loader. */
  public GuestGuardProvider() {
  }

  @Override
  protected String getInstrumentClassName() {
    return GuestGuard.class.getName();
  }

  @Override
  protected Object create() {
    return new GuestGuard();
  }

  @Override
  protected Collection<String> getServicesClassNames() {
    return List.of(GuestGuard.Handle.class.getName());
  }
}
