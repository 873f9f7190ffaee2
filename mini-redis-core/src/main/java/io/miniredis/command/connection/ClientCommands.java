package io.miniredis.command.connection;

import static io.miniredis.command.CommandSpec.command;
import static io.miniredis.command.CommandSpec.container;

import io.miniredis.command.Args;
import io.miniredis.command.CommandCall;
import io.miniredis.command.CommandDispatcher;
import io.miniredis.command.CommandFamily;
import io.miniredis.command.CommandSpec;
import io.miniredis.command.Help;
import io.miniredis.protocol.RedisError;
import io.miniredis.server.ClientSession;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** CLIENT and its subcommands: naming, listing, killing, unblocking clients, and a client's own settings. */
public final class ClientCommands implements CommandFamily {

    @Override
    public String group() {
        return "connection";
    }

    @Override
    public List<CommandSpec> commands() {
        // spotless:off: the table keeps one line per command
        return List.of(
                container("client", "sentinel",
                        command("id", 2, "noscript loading stale", c -> c.reply().integer(c.client().id())),
                        command("setname", 3, "noscript loading stale", this::clientSetName),
                        command("getname", 2, "noscript loading stale", this::clientGetName),
                        command("setinfo", 4, "noscript loading stale", this::clientSetInfo)
                                .newerThanReference("7.2.0", "Sets information specific to the client or connection."),
                        command("list", -2, "admin noscript loading stale", this::clientList),
                        command("info", 2, "noscript loading stale", this::clientInfo),
                        command("kill", -3, "admin noscript loading stale", this::clientKill),
                        command("no-evict", 3, "admin noscript loading stale", this::clientNoEvict),
                        command("no-touch", 3, "noscript loading stale", this::clientNoTouch)
                                .newerThanReference("7.2.0",
                                        "Controls whether commands sent by the client affect the LRU/LFU of accessed keys."),
                        command("reply", 3, "noscript loading stale", this::clientReply),
                        command("getredir", 2, "noscript loading stale", c -> c.reply().integer(-1)),
                        command("unblock", -3, "admin noscript loading stale", this::clientUnblock),
                        command("help", 2, "loading stale", this::clientHelp)));
        // spotless:on
    }

    static void validateClientName(byte[] name) {
        for (byte b : name) {
            if (b < '!' || b > '~') {
                throw new RedisError("ERR Client names cannot contain spaces, newlines or special characters.");
            }
        }
    }

    private void clientSetName(CommandCall c) {
        byte[] name = c.args(2).next();
        validateClientName(name);
        c.client().name(new String(name, StandardCharsets.ISO_8859_1));
        c.reply().ok();
    }

    private void clientGetName(CommandCall c) {
        String name = c.client().name();
        if (name.isEmpty()) {
            c.reply().nullBulk();
        } else {
            c.reply().bulk(name.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    private void clientSetInfo(CommandCall c) {
        Args args = c.args(2);
        String attribute = CommandDispatcher.latin1(args.next());
        byte[] value = args.next();
        boolean libName = attribute.equalsIgnoreCase("lib-name");
        if (!libName && !attribute.equalsIgnoreCase("lib-ver")) {
            throw new RedisError("ERR Unrecognized option '" + attribute + "'");
        }
        for (byte b : value) {
            if (b < '!' || b > '~') {
                throw new RedisError("ERR " + attribute.toLowerCase(java.util.Locale.ROOT)
                        + " cannot contain spaces, newlines or special characters.");
            }
        }
        String text = new String(value, StandardCharsets.ISO_8859_1);
        if (libName) {
            c.client().libName(text);
        } else {
            c.client().libVersion(text);
        }
        c.reply().ok();
    }

    /**
     * CLIENT LIST's one optional filter: {@code TYPE type} (exactly that, nothing after it) or {@code ID id [id ...]};
     * anything else is a syntax error. Every id is checked before any client is described.
     */
    private record ListFilter(String type, long[] ids) {

        private static final RedisError INVALID_ID = new RedisError("ERR Invalid client ID");

        static ListFilter parse(Args args) {
            if (args.remaining() == 2 && args.option("TYPE")) {
                return new ListFilter(clientType(args.next()), null);
            }
            if (args.remaining() >= 2 && args.option("ID")) {
                long[] ids = new long[args.remaining()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = args.nextLong(INVALID_ID);
                }
                return new ListFilter(null, ids);
            }
            args.finish();
            return new ListFilter(null, null);
        }
    }

    private void clientList(CommandCall c) {
        ListFilter filter = ListFilter.parse(c.args(2));
        long now = c.keyspace().clock().millis();
        StringBuilder out = new StringBuilder();
        if (filter.ids() != null) {
            for (long id : filter.ids()) {
                ClientSession client = c.server().clients().get(id);
                if (client != null) {
                    out.append(client.describe(now)).append('\n');
                }
            }
        } else {
            for (ClientSession client : c.server().clients().all()) {
                if (filter.type() == null || filter.type().equals(typeOf(client))) {
                    out.append(client.describe(now)).append('\n');
                }
            }
        }
        c.reply().verbatim(out.toString());
    }

    /** Validates a client type name; every client of this server is a normal one (no replication yet). */
    private static String clientType(byte[] name) {
        String type = CommandDispatcher.latin1(name).toLowerCase(java.util.Locale.ROOT);
        return switch (type) {
            case "normal", "pubsub", "master" -> type;
            case "replica", "slave" -> "replica";
            default -> throw new RedisError("ERR Unknown client type '" + CommandDispatcher.latin1(name) + "'");
        };
    }

    /** A client's type for CLIENT LIST/KILL TYPE: {@code pubsub} while subscribed, else {@code normal}. */
    private static String typeOf(ClientSession client) {
        return client.subscribed() ? "pubsub" : "normal";
    }

    private void clientInfo(CommandCall c) {
        c.reply().verbatim(c.client().describe(c.keyspace().clock().millis()) + "\n");
    }

    /**
     * CLIENT KILL's filters. The old form is one address ({@code CLIENT KILL ip:port}), which may kill the caller
     * itself; the new form is option/value pairs, checked one pair at a time in the order given (an option without
     * its value is a syntax error), and skips the caller unless {@code SKIPME no}.
     */
    private record KillFilter(boolean oldForm, String addr, String laddr, String type, long id, boolean skipMe) {

        private static final RedisError BAD_ID = new RedisError("ERR client-id should be greater than 0");
        /** The only user there is (no ACL users yet). */
        private static final byte[] DEFAULT_USER = "default".getBytes(StandardCharsets.US_ASCII);

        static KillFilter parse(Args args) {
            if (args.remaining() == 1) {
                return new KillFilter(true, CommandDispatcher.latin1(args.next()), null, null, 0, false);
            }
            String addr = null;
            String laddr = null;
            String type = null;
            long id = 0;
            boolean skipMe = true;
            while (args.hasNext()) {
                byte[] option = args.next();
                if (!args.hasNext()) {
                    throw RedisError.SYNTAX;
                }
                if (Args.is(option, "ID")) {
                    id = args.nextLong(1, Long.MAX_VALUE, BAD_ID);
                } else if (Args.is(option, "TYPE")) {
                    type = clientType(args.next());
                } else if (Args.is(option, "ADDR")) {
                    addr = CommandDispatcher.latin1(args.next());
                } else if (Args.is(option, "LADDR")) {
                    laddr = CommandDispatcher.latin1(args.next());
                } else if (Args.is(option, "USER")) {
                    byte[] user = args.next();
                    if (!Arrays.equals(user, DEFAULT_USER)) { // the whole name: "default\0x" is no user
                        throw new RedisError("ERR No such user '" + CommandDispatcher.latin1(user) + "'");
                    }
                } else if (Args.is(option, "SKIPME")) {
                    skipMe = args.oneOf("YES", "NO") == 0;
                } else {
                    throw RedisError.SYNTAX;
                }
            }
            return new KillFilter(false, addr, laddr, type, id, skipMe);
        }

        boolean matches(ClientSession client, ClientSession caller) {
            return (addr == null || addr.equals(client.address()))
                    && (laddr == null || laddr.equals(client.localAddress()))
                    && (type == null || type.equals(typeOf(client)))
                    && (id == 0 || client.id() == id)
                    && !(client == caller && skipMe);
        }
    }

    private void clientKill(CommandCall c) {
        KillFilter filter = KillFilter.parse(c.args(2));
        int killed = 0;
        boolean killSelf = false;
        for (ClientSession client : new ArrayList<>(c.server().clients().all())) {
            if (!filter.matches(client, c.client())) {
                continue;
            }
            if (client == c.client()) {
                killSelf = true;
            } else {
                client.channel().close();
            }
            killed++;
        }
        if (filter.oldForm()) {
            if (killed == 0) {
                throw new RedisError("ERR No such client");
            }
            c.reply().ok();
        } else {
            c.reply().integer(killed);
        }
        if (killSelf) {
            c.client().closeAfterReply(true);
        }
    }

    private static final RedisError UNBLOCK_REASON =
            new RedisError("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");

    /**
     * CLIENT UNBLOCK id [TIMEOUT|ERROR]: too many arguments is the subcommand's wrong-arguments error (the table's
     * -3 lets them through), and Redis checks the reason before it reads the id, hence the id held until then.
     */
    private void clientUnblock(CommandCall c) {
        Args args = c.args(1);
        byte[] subcommand = args.next();
        if (args.remaining() > 2) {
            throw new RedisError("ERR unknown subcommand or wrong number of arguments for '"
                    + CommandDispatcher.latin1(subcommand) + "'. Try CLIENT HELP.");
        }
        byte[] id = args.next();
        boolean withError = args.hasNext() && args.oneOf(UNBLOCK_REASON, "TIMEOUT", "ERROR") == 1;
        c.reply().integer(c.server().blockedClients().unblock(Args.toLong(id), withError) ? 1 : 0);
    }

    private void clientNoEvict(CommandCall c) {
        c.client().noEvict(c.args(2).oneOf("ON", "OFF") == 0);
        c.reply().ok();
    }

    private void clientNoTouch(CommandCall c) {
        c.client().noTouch(c.args(2).oneOf("ON", "OFF") == 0);
        c.reply().ok();
    }

    /** CLIENT REPLY ON|OFF|SKIP: only ON is answered; OFF and SKIP silence this very reply too. */
    private void clientReply(CommandCall c) {
        switch (c.args(2).oneOf("ON", "OFF", "SKIP")) {
            case 0 -> {
                c.client().replyMode(ClientSession.ReplyMode.ON);
                c.reply().ok();
            }
            case 1 -> c.client().replyMode(ClientSession.ReplyMode.OFF);
            default -> c.client().replyMode(ClientSession.ReplyMode.SKIP);
        }
    }

    private void clientHelp(CommandCall c) {
        Help.reply(
                c.reply(),
                "CLIENT",
                "CACHING (YES|NO)",
                "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
                "GETREDIR",
                "    Return the client ID we are redirecting to when tracking is enabled.",
                "GETNAME",
                "    Return the name of the current connection.",
                "ID",
                "    Return the ID of the current connection.",
                "INFO",
                "    Return information about the current client connection.",
                "KILL <ip:port>",
                "    Kill connection made from <ip:port>.",
                "KILL <option> <value> [<option> <value> [...]]",
                "    Kill connections. Options are:",
                "    * ADDR (<ip:port>|<unixsocket>:0)",
                "      Kill connections made from the specified address",
                "    * LADDR (<ip:port>|<unixsocket>:0)",
                "      Kill connections made to specified local address",
                "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
                "      Kill connections by type.",
                "    * USER <username>",
                "      Kill connections authenticated by <username>.",
                "    * SKIPME (YES|NO)",
                "      Skip killing current connection (default: yes).",
                "LIST [options ...]",
                "    Return information about client connections. Options:",
                "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
                "      Return clients of specified type.",
                "UNPAUSE",
                "    Stop the current client pause, resuming traffic.",
                "PAUSE <timeout> [WRITE|ALL]",
                "    Suspend all, or just write, clients for <timeout> milliseconds.",
                "REPLY (ON|OFF|SKIP)",
                "    Control the replies sent to the current connection.",
                "SETNAME <name>",
                "    Assign the name <name> to the current connection.",
                "UNBLOCK <clientid> [TIMEOUT|ERROR]",
                "    Unblock the specified blocked client.",
                "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
                "         [OPTIN] [OPTOUT] [NOLOOP]",
                "    Control server assisted client side caching.",
                "TRACKINGINFO",
                "    Report tracking status for the current connection.",
                "NO-EVICT (ON|OFF)",
                "    Protect current client connection from eviction.");
    }
}
