package dev.plinth.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The PostgreSQL pool follows HikariCP's rule of thumb for the machine: cores × 2 + 1, at least 5. */
class ServedApiPoolTest {

    @Test
    void thePoolGrowsWithTheCores() {
        assertThat(ServedApi.postgresPoolSize(2)).isEqualTo(5);
        assertThat(ServedApi.postgresPoolSize(4)).isEqualTo(9);
        assertThat(ServedApi.postgresPoolSize(16)).isEqualTo(33);
    }

    @Test
    void aJvmLimitedToOneProcessorStillGetsTheTwoCorePool() {
        assertThat(ServedApi.postgresPoolSize(1)).isEqualTo(5);
        assertThat(ServedApi.postgresPoolSize(0)).isEqualTo(5);
    }
}
