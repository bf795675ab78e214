package dev.barnum.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.jcraft.jsch.ConfigRepository;
import com.jcraft.jsch.OpenSSHConfig;
import org.junit.jupiter.api.Test;

class WithoutHostKeyOptionsTest {

    private static final String CONFIG =
            """
            Host web1
              HostName 127.126.0.1
              Port 2201
              User circus
              IdentityFile /keys/web1
              HostKeyAlias web1.example
              UserKnownHostsFile /elsewhere/known_hosts
              GlobalKnownHostsFile /elsewhere/ssh_known_hosts
              KnownHostsCommand /bin/echo
              stricthostkeychecking no
              HashKnownHosts yes
              ServerAliveCountMax 7
            """;

    @Test
    void answersEverythingButTheHostKeyOptions() throws Exception {
        ConfigRepository.Config file = OpenSSHConfig.parse(CONFIG).getConfig("web1");
        ConfigRepository.Config config =
                new WithoutHostKeyOptions(OpenSSHConfig.parse(CONFIG)).getConfig("web1");

        assertThat(file.getValue("UserKnownHostsFile"))
                .as("jsch reads it")
                .isEqualTo("/elsewhere/known_hosts");
        assertThat(file.getValue("StrictHostKeyChecking")).as("jsch reads it").isEqualTo("no");
        for (String key :
                new String[] {
                    "UserKnownHostsFile",
                    "GlobalKnownHostsFile",
                    "KnownHostsCommand",
                    "StrictHostKeyChecking",
                    "HashKnownHosts",
                    "userknownhostsfile"
                }) {
            assertThat(config.getValue(key)).as(key).isNull();
            assertThat(config.getValues(key)).as(key).isNull();
        }

        assertThat(config.getHostname()).isEqualTo("127.126.0.1");
        assertThat(config.getPort()).isEqualTo(2201);
        assertThat(config.getUser()).isEqualTo("circus");
        assertThat(config.getValues("IdentityFile")).containsExactly("/keys/web1");
        assertThat(config.getValue("HostKeyAlias")).isEqualTo("web1.example");
        assertThat(config.getValue("ServerAliveCountMax")).isEqualTo("7");
    }
}
