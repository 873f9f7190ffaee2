package io.miniredis.command.server;

import static io.miniredis.command.CommandSpec.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.miniredis.command.Args;
import io.miniredis.command.CommandFamily;
import io.miniredis.command.CommandInfoReply;
import io.miniredis.command.CommandSpec;
import io.miniredis.command.CommandTable;
import io.miniredis.protocol.RedisError;
import io.miniredis.protocol.Reply;
import io.miniredis.util.Glob;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the differential test cannot reach yet: commands whose keys a {@link KeyFinder} finds (none in the table
 * so far), and the glob matcher of COMMAND LIST FILTERBY PATTERN.
 */
class CommandIntrospectionTest {

    /** Like EVAL: numkeys at 2, then the keys; no key is fine. */
    private static final CommandSpec EVAL_LIKE = command("evallike", -3, "noscript no_mandatory_keys", c -> {})
            .keys(argv -> {
                int count = (int) Args.toLong(argv[2]);
                if (count < 0 || 3 + count > argv.length) {
                    throw RedisError.SYNTAX;
                }
                int[] keys = new int[count];
                for (int i = 0; i < count; i++) {
                    keys[i] = 3 + i;
                }
                return keys;
            });

    /** Like ZUNIONSTORE: a fixed destination key plus keys a finder locates; at least one is required. */
    private static final CommandSpec STORE_LIKE = command("storelike", -3, "write denyoom", 1, 1, 1, c -> {})
            .keys(argv -> argv.length > 3 ? new int[] {1, 3} : new int[0]);

    private static final CommandTable TABLE = CommandTable.of(List.of(new CommandFamily() {
        @Override
        public String group() {
            return "scripting";
        }

        @Override
        public List<CommandSpec> commands() {
            return List.of(EVAL_LIKE, STORE_LIKE);
        }
    }));

    @Test
    void keyFinderCommandsAreMovableWithAnUnknownKeySpec() {
        CommandSpec eval = TABLE.lookup("evallike");
        assertThat(info(eval))
                .isEqualTo("*10\r\n$8\r\nevallike\r\n:-3\r\n"
                        + "*3\r\n+noscript\r\n+no_mandatory_keys\r\n+movablekeys\r\n:0\r\n:0\r\n:0\r\n"
                        + "*2\r\n+@slow\r\n+@scripting\r\n*0\r\n"
                        + "*1\r\n*6\r\n$5\r\nflags\r\n*3\r\n+RW\r\n+access\r\n+update\r\n"
                        + "$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$7\r\nunknown\r\n$4\r\nspec\r\n*0\r\n"
                        + "$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$7\r\nunknown\r\n$4\r\nspec\r\n*0\r\n"
                        + "*0\r\n");
        // a fixed first key gets its range spec before the unknown one
        assertThat(info(TABLE.lookup("storelike")))
                .contains("*2\r\n*6\r\n$5\r\nflags\r\n", "$5\r\nrange\r\n", "$7\r\nunknown\r\n");
    }

    @Test
    void getKeysUsesTheKeyFinder() {
        assertThat(keys("evallike", "script", "2", "a", "b")).containsExactly(3, 4);
        assertThat(keys("evallike", "script", "0")).isEmpty(); // no_mandatory_keys: an empty answer, not an error
        assertThat(keys("evallike", "script", "5", "a")).isEmpty(); // the finder fails: no keys
        assertThat(keys("storelike", "dest", "2", "a")).containsExactly(1, 3);
        assertThatThrownBy(() -> keys("storelike", "dest", "0"))
                .hasMessage("ERR Invalid arguments specified for command");
        assertThatThrownBy(() -> keys("storelike", "dest"))
                .hasMessage("ERR Invalid number of arguments specified for command");
        assertThatThrownBy(() -> keys("nosuch", "a")).hasMessage("ERR Invalid command specified");
    }

    @Test
    void globs() {
        assertThat(glob("*", "anything")).isTrue();
        assertThat(glob("config*", "config|get")).isTrue();
        assertThat(glob("CONFIG|G*", "config|get")).isTrue();
        assertThat(glob("?et", "get")).isTrue();
        assertThat(glob("?et", "gets")).isFalse();
        assertThat(glob("[gs]et", "set")).isTrue();
        assertThat(glob("[^gs]et", "set")).isFalse();
        assertThat(glob("[^gs]et", "bet")).isTrue();
        assertThat(glob("[a-c]*", "client")).isTrue();
        assertThat(glob("[c-a]*", "client")).isTrue();
        assertThat(glob("[d-z]*", "client")).isFalse();
        assertThat(glob("a\\*b", "a*b")).isTrue();
        assertThat(glob("a\\*b", "axb")).isFalse();
        assertThat(glob("*|i?", "client|id")).isTrue();
        assertThat(glob("**x", "abx")).isTrue();
        assertThat(glob("", "")).isTrue();
        assertThat(glob("", "a")).isFalse();
        assertThat(Glob.matches(bytes("GET"), bytes("get"), false)).isFalse();
    }

    private static boolean glob(String pattern, String text) {
        return Glob.matches(bytes(pattern), bytes(text), true);
    }

    private static int[] keys(String... call) {
        byte[][] argv = new byte[call.length][];
        for (int i = 0; i < call.length; i++) {
            argv[i] = bytes(call[i]);
        }
        return CommandIntrospectionCommands.keysOfCall(CommandIntrospectionCommands.commandOfCall(TABLE, argv), argv);
    }

    private static String info(CommandSpec spec) {
        ByteBuf out = Unpooled.buffer();
        Reply reply = new Reply(error -> {});
        reply.target(out);
        CommandInfoReply.write(reply, spec);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
