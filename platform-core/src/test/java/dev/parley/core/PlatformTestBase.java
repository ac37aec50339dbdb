package dev.parley.core;

import dev.parley.core.TestDatabases.Kind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A test class that runs once on each {@link Kind} of database, against one {@link TestPlatform}
 * per database: {@link #p} and its {@link #api}. Where PostgreSQL is unreachable, the platform is
 * not started and each test is reported skipped (failed under CI), see {@link TestDatabases}.
 *
 * <p>Subclasses change the fixture in {@link #configure} and make what all their tests share in
 * {@link #setUp}; both run once per database.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Kind.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class PlatformTestBase {

  @Parameter
  protected Kind kind;

  /** The platform on this run's database. */
  protected TestPlatform p;
  protected ApiClient api;

  /** Changes the fixture before it starts; the default keeps it as it is. */
  protected TestPlatform.Builder configure(TestPlatform.Builder builder) {
    return builder;
  }

  /** Runs once the platform has started, before the first test on its database. */
  protected void setUp() {
  }

  @BeforeParameterizedClassInvocation
  final void startPlatform() {
    if (!TestDatabases.available(kind)) {
      return; // PostgreSQL unreachable: each test is reported skipped by requireDatabase()
    }
    p = configure(TestPlatform.builder(kind)).start();
    api = p.api();
    setUp();
  }

  @BeforeEach
  final void requireDatabase() {
    TestDatabases.assumeAvailable(kind);
  }

  @AfterParameterizedClassInvocation
  final void stopPlatform() {
    if (p != null) {
      p.close();
    }
  }
}
