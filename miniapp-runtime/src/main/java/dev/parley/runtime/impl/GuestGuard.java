package dev.parley.runtime.impl;

import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;
import com.oracle.truffle.api.TruffleSafepoint;
import com.oracle.truffle.api.frame.VirtualFrame;
import com.oracle.truffle.api.instrumentation.ExecutionEventNode;
import com.oracle.truffle.api.instrumentation.SourceSectionFilter;
import com.oracle.truffle.api.instrumentation.StandardTags;
import com.oracle.truffle.api.instrumentation.TruffleInstrument;

/**
 * A Truffle instrument, trusted host code, that runs at the entry and exit of every guest
 * function on a {@link Worker}. It does three things GraalJS does not do by itself:
 *
 * <ul>
 *   <li>it polls Truffle safepoints at function entry. The interpreter polls only on loop
 *       back-edges and on normal returns, so code that only recurses and always leaves by an
 *       exception ({@code function f(){ try { f() } catch (e) { f() } }}) never reaches a
 *       poll, and {@code Context.interrupt}, {@code close(true)} and the statement limit have
 *       no effect on it;
 *   <li>it bounds the depth of guest calls ({@link Worker#maxDepth}) far below what the
 *       worker's stack holds, with the same catchable stack-overflow {@code RangeError}. Near a
 *       real stack overflow Truffle's own cancellation overflows while it is being processed and
 *       is lost; with the bound, guest code never runs there;
 *   <li>it stops a call the runtime has decided to end ({@link Worker.Segment#stop}) at its
 *       next function entry with {@link GuestStopped}, which guest code can neither catch nor
 *       delay with {@code finally}.
 * </ul>
 */
final class GuestGuard extends TruffleInstrument {

  /** The instrument's id. */
  static final String ID = "parley-guest-guard";

  /** The service the runtime looks up to switch the instrument on for its engine. */
  public static final class Handle {
    Handle() {
    }
  }

  @Override
  protected void onCreate(Env env) {
    env.getInstrumenter().attachExecutionEventFactory(
        SourceSectionFilter.newBuilder().tagIs(StandardTags.RootTag.class).build(),
        context -> new GuardNode());
    env.registerService(new Handle());
  }

  /** Thrown into guest code to end a call; a {@link ThreadDeath} so JavaScript cannot catch it. */
  @SuppressWarnings({"removal", "serial"})
  static final class GuestStopped extends ThreadDeath {
    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  /** The stack overflow of the call-depth bound; GraalJS turns it into a {@code RangeError}. */
  @SuppressWarnings("serial")
  static final class CallDepthExceeded extends StackOverflowError {
    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  private static final class GuardNode extends ExecutionEventNode {

    @Override
    protected void onEnter(VirtualFrame frame) {
      if (Thread.currentThread() instanceof Worker w) {
        int depth = ++w.depth;
        Worker.Segment s = w.current;
        if (depth > w.maxDepth || (s != null && s.stop)) {
          refuse(w, s);
        }
      }
      TruffleSafepoint.poll(this);
    }

    @Override
    protected void onReturnValue(VirtualFrame frame, Object result) {
      if (Thread.currentThread() instanceof Worker w) {
        w.depth--;
      }
    }

    @Override
    protected void onReturnExceptional(VirtualFrame frame, Throwable exception) {
      if (Thread.currentThread() instanceof Worker w) {
        w.depth--;
      }
    }

    @TruffleBoundary(transferToInterpreterOnException = false)
    private static void refuse(Worker w, Worker.Segment s) {
      if (s != null && s.stop) {
        throw new GuestStopped();
      }
      throw new CallDepthExceeded();
    }
  }
}
