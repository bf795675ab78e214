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

    @Test
    void targetsAreWhatTheHostWillResolve() {
        assertThat(new Endpoint("tcp://host1:5775").target())
                .isEqualTo(dev.barnum.remote.LinkTarget.tcp("host1", 5775));
        assertThat(new Endpoint("tcp://*:5555").target())
                .isEqualTo(dev.barnum.remote.LinkTarget.tcp("127.0.0.1", 5555));
        assertThat(new Endpoint("tcp://0.0.0.0:5555").target())
                .isEqualTo(dev.barnum.remote.LinkTarget.tcp("127.0.0.1", 5555));
        assertThat(new Endpoint("tcp://[::1]:5555").target())
                .isEqualTo(dev.barnum.remote.LinkTarget.tcp("::1", 5555));
        assertThat(new Endpoint("ipc:///run/user1/circus.sock").target())
                .isEqualTo(dev.barnum.remote.LinkTarget.unix("/run/user1/circus.sock"));
        assertThatThrownBy(() -> new Endpoint("tcp://host1:http").target())
                .hasMessage("endpoint tcp://host1:http has no valid port");
        assertThatThrownBy(() -> new Endpoint("udp://host1:1").target())
                .hasMessage("endpoint udp://host1:1 is neither tcp://HOST:PORT nor ipc://PATH");
    }
}
