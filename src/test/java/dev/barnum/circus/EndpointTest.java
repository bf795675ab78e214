package dev.barnum.circus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EndpointTest {

    @Test
    void defaultIsCircusDefault() {
        assertThat(Endpoint.DEFAULT.value()).isEqualTo("tcp://127.0.0.1:5555");
        assertThat(Endpoint.DEFAULT.resolved()).isTrue();
    }

    @Test
    void envReferencesInAnyCaseMakeItUnresolved() {
        assertThat(new Endpoint("tcp://h:$(circus.env.PORT)").resolved()).isFalse();
        assertThat(new Endpoint("tcp://h:((CIRCUS.ENV.port))").resolved()).isFalse();
        assertThat(new Endpoint("tcp://h:$(Circus.Env.port)").resolved()).isFalse();
        assertThat(new Endpoint("ipc:///run/$(circus.wid).sock").resolved()).isTrue();
    }

    @Test
    void valueIsRequired() {
        assertThatThrownBy(() -> new Endpoint(null)).isInstanceOf(NullPointerException.class);
    }
}
