package dev.parley.core.common.storage;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * Works around vert-x3/vertx-jdbc-client#356 (in 5.0.7, still in 5.0.12): after a transaction's
 * COMMIT or ROLLBACK the Vert.x JDBC pool calls {@code setAutoCommit(false)} where it means
 * {@code true}, leaving the pooled connection in manual-commit mode. Every later plain statement on
 * that connection then ran in a transaction nobody committed: invisible to other connections, lost
 * on a crash, or rolled back with an unrelated failed transaction. The connections handed out here
 * turn the {@code setAutoCommit(false)} that follows a commit or rollback into
 * {@code setAutoCommit(true)}; a fixed pool calls {@code setAutoCommit(true)}, which passes as is.
 */
final class AutoCommitRestoring {

  private AutoCommitRestoring() {
  }

  static DataSource wrap(DataSource dataSource) {
    return (DataSource) Proxy.newProxyInstance(AutoCommitRestoring.class.getClassLoader(),
        new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
          Object result = invoke(dataSource, method, args);
          return method.getName().equals("getConnection") && result instanceof Connection c ? connection(c) : result;
        });
  }

  private static Connection connection(Connection connection) {
    AtomicBoolean ended = new AtomicBoolean();
    return (Connection) Proxy.newProxyInstance(AutoCommitRestoring.class.getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
          Object[] actual = args;
          switch (method.getName()) {
            case "commit", "rollback" -> {
              if (args == null) { // not rollback(Savepoint): the transaction ends
                ended.set(true);
              }
            }
            case "setAutoCommit" -> {
              if (ended.getAndSet(false)) {
                actual = new Object[] {Boolean.TRUE};
              }
            }
            default -> {
              // passed through unchanged
            }
          }
          return invoke(connection, method, actual);
        });
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
