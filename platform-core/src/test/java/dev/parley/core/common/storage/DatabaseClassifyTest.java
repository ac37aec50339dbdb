package dev.parley.core.common.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.common.PlatformException;
import dev.parley.core.common.PlatformException.Reason;
import io.vertx.core.Vertx;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.jdbcclient.JDBCConnectOptions;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DatabaseClassifyTest {

  @Test
  void aPoolThatHasNoFreeConnectionInTime_isUnavailable_notAnInternalError() throws Exception {
    Vertx vertx = Vertx.vertx();
    Pool pool = JDBCPool.pool(vertx, new JDBCConnectOptions().setJdbcUrl("jdbc:h2:mem:classify;DB_CLOSE_DELAY=-1"),
        new PoolOptions().setMaxSize(1).setConnectionTimeout(5).setConnectionTimeoutUnit(TimeUnit.SECONDS));
    try {
      var held = pool.getConnection().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      Throwable waited = pool.query("SELECT 1").execute().toCompletionStage().toCompletableFuture()
          .handle((r, f) -> f).get(30, TimeUnit.SECONDS);
      held.close();

      Throwable classified = Database
          .classify(waited instanceof java.util.concurrent.CompletionException c ? c.getCause() : waited);
      assertThat(classified).isInstanceOf(PlatformException.class);
      assertThat(((PlatformException) classified).reason()).as("%s", waited).isEqualTo(Reason.UNAVAILABLE);
      assertThat(classified.getMessage()).contains("database is busy").contains("try again");
    } finally {
      pool.close();
      vertx.close();
    }
  }

  @Test
  void otherFailures_remainInternal() {
    Throwable classified = Database.classify(new NoStackTraceThrowable("connection reset"));
    assertThat(((PlatformException) classified).reason()).isEqualTo(Reason.INTERNAL);
  }
}
