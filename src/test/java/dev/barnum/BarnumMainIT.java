package dev.barnum;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/** The same, against the packaged application (target/quarkus-app). */
@QuarkusMainIntegrationTest
class BarnumMainIT extends BarnumMainTest {}
