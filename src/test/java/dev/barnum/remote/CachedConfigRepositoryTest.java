package dev.barnum.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.jcraft.jsch.ConfigRepository;
import com.jcraft.jsch.OpenSSHConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CachedConfigRepositoryTest {

    private static final String CONFIG =
            """
            Host h1
              HostName 127.126.0.1
              Port 2201
            Host h*
              User circus
              Port 22
            """;

    @Test
    void answersAsTheFileDoesAndAsksItOncePerHost() throws Exception {
        OpenSSHConfig file = OpenSSHConfig.parse(CONFIG);
        List<String> asked = new ArrayList<>();
        ConfigRepository cached =
                new CachedConfigRepository(
                        host -> {
                            asked.add(host);
                            return file.getConfig(host);
                        });
        for (int i = 0; i < 3; i++) {
            for (String host : List.of("h1", "h2", "other")) {
                ConfigRepository.Config mine = cached.getConfig(host);
                ConfigRepository.Config theirs = file.getConfig(host);
                assertThat(mine.getHostname()).isEqualTo(theirs.getHostname());
                assertThat(mine.getPort()).isEqualTo(theirs.getPort());
                assertThat(mine.getUser()).isEqualTo(theirs.getUser());
            }
        }
        assertThat(cached.getConfig("h1").getHostname()).isEqualTo("127.126.0.1");
        assertThat(cached.getConfig("h1").getPort()).isEqualTo(2201);
        assertThat(cached.getConfig("h2").getUser()).isEqualTo("circus");
        assertThat(asked).containsExactly("h1", "h2", "other");
    }
}
