package io.miniredis.command.connection;

import io.miniredis.protocol.RedisError;
import io.miniredis.protocol.Reply;
import io.miniredis.server.ClientSession;
import io.miniredis.server.ServerContext;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.miniredis.command.CommandSpec.command;
import static io.miniredis.command.CommandSpec.container;
import io.miniredis.command.CommandCall;
import io.miniredis.command.CommandDispatcher;
import io.miniredis.command.CommandFamily;
import io.miniredis.command.Help;
import io.miniredis.command.Args;
import io.miniredis.command.CommandSpec;

/** CLIENT and its subcommands: naming, listing, killing, unblocking clients, and a client's own settings. */
public final class ClientCommands implements CommandFamily {

    @Override
    public String group() {
        return "connection";
    }

    @Override
    public List<CommandSpec> commands() {
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
    }

    static void validateClientName(byte[] name) {
        for (byte b : name) {
            if (b < '!' || b > '~') {
                throw new RedisError("ERR Client names cannot contain spaces, newlines or special characters.");
            }
        }
    }

    private void clientSetName(CommandCall c) {
        validateClientName(c.arg(2));
        c.client().name(new String(c.arg(2), StandardCharsets.ISO_8859_1));
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
        byte[] value = c.arg(3);
        String attribute = CommandDispatcher.latin1(c.arg(2));
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

    private void clientList(CommandCall c) {
        long now = c.keyspace().clock().millis();
        StringBuilder out = new StringBuilder();
        if (c.argc() == 4 && Args.is(c.arg(2), "TYPE")) {
            String type = clientType(c.arg(3));
            for (ClientSession client : c.server().clients().all()) {
                if (type.equals(typeOf(client))) {
                    out.append(client.describe(now)).append('\n');
                }
            }
        } else if (c.argc() > 3 && Args.is(c.arg(2), "ID")) {
            for (int j = 3; j < c.argc(); j++) {
                long id;
                try {
                    id = io.miniredis.protocol.Numbers.parseLong(c.arg(j));
                } catch (io.miniredis.protocol.Numbers.NotANumber e) {
                    throw new RedisError("ERR Invalid client ID");
                }
                ClientSession client = c.server().clients().get(id);
                if (client != null) {
                    out.append(client.describe(now)).append('\n');
                }
            }
        } else if (c.argc() != 2) {
            throw RedisError.SYNTAX;
        } else {
            for (ClientSession client : c.server().clients().all()) {
                out.append(client.describe(now)).append('\n');
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

    private void clientKill(CommandCall c) {
        String addr = null;
        String laddr = null;
        String type = null;
        long id = 0;
        boolean skipMe = true;
        if (c.argc() == 3) {
            addr = CommandDispatcher.latin1(c.arg(2));
            skipMe = false;
        } else {
            for (int i = 2; i < c.argc(); i += 2) {
                boolean more = c.argc() > i + 1;
                byte[] option = c.arg(i);
                if (Args.is(option, "ID") && more) {
                    long parsed;
                    try {
                        parsed = io.miniredis.protocol.Numbers.parseLong(c.arg(i + 1));
                    } catch (io.miniredis.protocol.Numbers.NotANumber e) {
                        throw new RedisError("ERR client-id should be greater than 0");
                    }
                    if (parsed < 1) {
                        throw new RedisError("ERR client-id should be greater than 0");
                    }
                    id = parsed;
                } else if (Args.is(option, "TYPE") && more) {
                    type = clientType(c.arg(i + 1));
                } else if (Args.is(option, "ADDR") && more) {
                    addr = CommandDispatcher.latin1(c.arg(i + 1));
                } else if (Args.is(option, "LADDR") && more) {
                    laddr = CommandDispatcher.latin1(c.arg(i + 1));
                } else if (Args.is(option, "USER") && more) {
                    String user = CommandDispatcher.latin1(c.arg(i + 1));
                    if (!user.equals("default")) {
                        throw new RedisError("ERR No such user '" + user + "'");
                    }
                } else if (Args.is(option, "SKIPME") && more) {
                    if (Args.is(c.arg(i + 1), "YES")) {
                        skipMe = true;
                    } else if (Args.is(c.arg(i + 1), "NO")) {
                        skipMe = false;
                    } else {
                        throw RedisError.SYNTAX;
                    }
                } else {
                    throw RedisError.SYNTAX;
                }
            }
        }
        int killed = 0;
        boolean killSelf = false;
        for (ClientSession client : new ArrayList<>(c.server().clients().all())) {
            if ((addr != null && !addr.equals(client.address()))
                    || (laddr != null && !laddr.equals(client.localAddress()))
                    || (type != null && !type.equals(typeOf(client)))
                    || (id != 0 && client.id() != id)
                    || (client == c.client() && skipMe)) {
                continue;
            }
            if (client == c.client()) {
                killSelf = true;
            } else {
                client.channel().close();
            }
            killed++;
        }
        if (c.argc() == 3) {
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

    /** CLIENT UNBLOCK id [TIMEOUT|ERROR]: Redis checks the reason before it reads the id. */
    private void clientUnblock(CommandCall c) {
        if (c.argc() > 4) {
            throw new RedisError("ERR unknown subcommand or wrong number of arguments for '"
                    + CommandDispatcher.latin1(c.arg(1)) + "'. Try CLIENT HELP.");
        }
        boolean withError = false;
        if (c.argc() == 4) {
            if (Args.is(c.arg(3), "ERROR")) {
                withError = true;
            } else if (!Args.is(c.arg(3), "TIMEOUT")) {
                throw new RedisError("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
            }
        }
        long id = Args.toLong(c.arg(2));
        c.reply().integer(c.server().blockedClients().unblock(id, withError) ? 1 : 0);
    }

    private void clientNoEvict(CommandCall c) {
        c.client().noEvict(onOff(c.arg(2)));
        c.reply().ok();
    }

    private void clientNoTouch(CommandCall c) {
        c.client().noTouch(onOff(c.arg(2)));
        c.reply().ok();
    }

    private static boolean onOff(byte[] value) {
        if (Args.is(value, "ON")) {
            return true;
        }
        if (Args.is(value, "OFF")) {
            return false;
        }
        throw RedisError.SYNTAX;
    }

    private void clientReply(CommandCall c) {
        byte[] mode = c.arg(2);
        if (Args.is(mode, "ON")) {
            c.client().replyMode(ClientSession.ReplyMode.ON);
            c.reply().ok();
        } else if (Args.is(mode, "OFF")) {
            c.client().replyMode(ClientSession.ReplyMode.OFF);
        } else if (Args.is(mode, "SKIP")) {
            c.client().replyMode(ClientSession.ReplyMode.SKIP);
        } else {
            throw RedisError.SYNTAX;
        }
    }

    private void clientHelp(CommandCall c) {
        Help.reply(c.reply(), "CLIENT",
                "CACHING (YES|NO)", "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
                "GETREDIR", "    Return the client ID we are redirecting to when tracking is enabled.",
                "GETNAME", "    Return the name of the current connection.",
                "ID", "    Return the ID of the current connection.",
                "INFO", "    Return information about the current client connection.",
                "KILL <ip:port>", "    Kill connection made from <ip:port>.",
                "KILL <option> <value> [<option> <value> [...]]",
                "    Kill connections. Options are:",
                "    * ADDR (<ip:port>|<unixsocket>:0)", "      Kill connections made from the specified address",
                "    * LADDR (<ip:port>|<unixsocket>:0)", "      Kill connections made to specified local address",
                "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)", "      Kill connections by type.",
                "    * USER <username>", "      Kill connections authenticated by <username>.",
                "    * SKIPME (YES|NO)", "      Skip killing current connection (default: yes).",
                "LIST [options ...]", "    Return information about client connections. Options:",
                "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)", "      Return clients of specified type.",
                "UNPAUSE", "    Stop the current client pause, resuming traffic.",
                "PAUSE <timeout> [WRITE|ALL]",
                "    Suspend all, or just write, clients for <timeout> milliseconds.",
                "REPLY (ON|OFF|SKIP)", "    Control the replies sent to the current connection.",
                "SETNAME <name>", "    Assign the name <name> to the current connection.",
                "UNBLOCK <clientid> [TIMEOUT|ERROR]",
                "    Unblock the specified blocked client.",
                "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
                "         [OPTIN] [OPTOUT] [NOLOOP]", "    Control server assisted client side caching.",
                "TRACKINGINFO", "    Report tracking status for the current connection.",
                "NO-EVICT (ON|OFF)", "    Protect current client connection from eviction.");
    }
}
