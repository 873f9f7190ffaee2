package io.miniredis.boot.autoconfigure;

import io.miniredis.testing.ServerClock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DataSizeUnit;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;
import org.springframework.util.unit.DataUnit;

/**
 * The embedded server's settings, under {@code mini-redis}. Each one becomes the Redis parameter of the same meaning
 * (named in its description), validated by the server exactly as {@code redis-server} validates it: a bad value
 * stops start-up with the reason. Defaults are Redis's own, except the addresses, which are loopback only.
 */
@ConfigurationProperties("mini-redis")
public class MiniRedisProperties {

    /** Whether to run the embedded server (and connect Spring Data Redis, health and metrics to it). */
    private boolean enabled = true;

    /**
     * TCP port to listen on (Redis port); 0 picks a free port, published as "local.mini-redis.port"
     * once the server has started.
     */
    private int port = 6379;

    /**
     * Addresses to listen on, separated by spaces, as Redis's "bind": a "-" prefix makes an address
     * optional (skipped when the machine does not have it), "*" is every IPv4 address, "::*" every IPv6
     * one.
     */
    private String bindAddress = "127.0.0.1 -::1";

    /** Number of databases, SELECT 0 to databases - 1 (Redis databases). */
    private int databases = 16;

    /**
     * Password clients must give with AUTH or HELLO (Redis requirepass); none when empty. Spring Data Redis
     * is given it automatically.
     */
    private String password;

    /** Most clients connected at once; more are refused with an error (Redis maxclients). */
    private int maxClients = 10000;

    /**
     * Close a client after it has been idle this long (Redis timeout, whole seconds; 0 never closes). A
     * value without unit is in seconds.
     */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration timeout = Duration.ZERO;

    /**
     * Memory limit for the data set (Redis maxmemory); 0 means no limit. Spring's units, in capitals: 256MB, 1GB (a
     * value without unit is in bytes).
     */
    @DataSizeUnit(DataUnit.BYTES)
    private DataSize maxmemory = DataSize.ofBytes(0);

    /** What to do when maxmemory is reached (Redis maxmemory-policy). */
    private MaxmemoryPolicy maxmemoryPolicy = MaxmemoryPolicy.NOEVICTION;

    /** Keys sampled per eviction by the approximated LRU, LFU and TTL policies (Redis maxmemory-samples). */
    private int maxmemorySamples = 5;

    /**
     * Largest single argument (bulk string) a client may send (Redis proto-max-bulk-len, at least 1MB). A
     * value without unit is in bytes.
     */
    @DataSizeUnit(DataUnit.BYTES)
    private DataSize protoMaxBulkLen = DataSize.ofMegabytes(512);

    /**
     * Largest request a client may have buffered before it is parsed (Redis client-query-buffer-limit, at
     * least 1MB). A value without unit is in bytes.
     */
    @DataSizeUnit(DataUnit.BYTES)
    private DataSize clientQueryBufferLimit = DataSize.ofGigabytes(1);

    /**
     * Network threads (Redis io-threads). With 1, that thread also runs every command; with more, commands
     * run on a dedicated keyspace thread.
     */
    private int ioThreads = 1;

    /**
     * Any other Redis parameter by its redis.conf name, for example "hz", "notify-keyspace-events" or
     * "hash-max-listpack-entries". Parameters that have a property of their own above must be set there.
     */
    private Map<String, String> config = new LinkedHashMap<>();

    /**
     * Whether a client may stop the server (and so the application's Redis) with SHUTDOWN. Off by default: the
     * server belongs to the application, which stops it when its context closes (saving first when persistence is
     * on); SHUTDOWN then answers an error naming this property's builder option.
     */
    private boolean shutdownCommandEnabled = false;

    /**
     * The server's clock (expiry, TTLs, blocking timeouts, TIME): "system", or "manual" for tests, where it stands
     * still until moved through the ServerClock bean (advance, fix), which expires what is due as it goes. Ignored
     * when the application defines a ServerClock bean of its own.
     */
    private ServerClock.Mode clock = ServerClock.Mode.SYSTEM;

    /**
     * A Unix domain socket to listen on as well (Redis unixsocket); with port 0, the socket only. When set, Spring
     * Data Redis (Lettuce) connects through it.
     */
    private String unixSocket;

    /** The socket file's permissions in octal, e.g. 700 (Redis unixsocketperm); 0 leaves the process's umask. */
    private String unixSocketPerm = "0";

    /**
     * Fixtures loaded into the server when it starts, in order: classpath:..., file:... or a path; a .json file is
     * a JSON description, a .rdb file an RDB file, anything else redis-cli commands (see docs/testing.md).
     */
    private List<String> fixtures = new ArrayList<>();

    /** Persistence: RDB snapshots and the append-only file (Redis's "save", "appendonly", "appendfsync", "dir"). */
    private final Persistence persistence = new Persistence();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public String getBindAddress() {
        return bindAddress;
    }

    public void setBindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
    }

    public int getDatabases() {
        return databases;
    }

    public void setDatabases(int databases) {
        this.databases = databases;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public int getMaxClients() {
        return maxClients;
    }

    public void setMaxClients(int maxClients) {
        this.maxClients = maxClients;
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public DataSize getMaxmemory() {
        return maxmemory;
    }

    public void setMaxmemory(DataSize maxmemory) {
        this.maxmemory = maxmemory;
    }

    public MaxmemoryPolicy getMaxmemoryPolicy() {
        return maxmemoryPolicy;
    }

    public void setMaxmemoryPolicy(MaxmemoryPolicy maxmemoryPolicy) {
        this.maxmemoryPolicy = maxmemoryPolicy;
    }

    public int getMaxmemorySamples() {
        return maxmemorySamples;
    }

    public void setMaxmemorySamples(int maxmemorySamples) {
        this.maxmemorySamples = maxmemorySamples;
    }

    public DataSize getProtoMaxBulkLen() {
        return protoMaxBulkLen;
    }

    public void setProtoMaxBulkLen(DataSize protoMaxBulkLen) {
        this.protoMaxBulkLen = protoMaxBulkLen;
    }

    public DataSize getClientQueryBufferLimit() {
        return clientQueryBufferLimit;
    }

    public void setClientQueryBufferLimit(DataSize clientQueryBufferLimit) {
        this.clientQueryBufferLimit = clientQueryBufferLimit;
    }

    public int getIoThreads() {
        return ioThreads;
    }

    public void setIoThreads(int ioThreads) {
        this.ioThreads = ioThreads;
    }

    public Map<String, String> getConfig() {
        return config;
    }

    public void setConfig(Map<String, String> config) {
        this.config = config;
    }

    public ServerClock.Mode getClock() {
        return clock;
    }

    public void setClock(ServerClock.Mode clock) {
        this.clock = clock;
    }

    public String getUnixSocket() {
        return unixSocket;
    }

    public void setUnixSocket(String unixSocket) {
        this.unixSocket = unixSocket;
    }

    public String getUnixSocketPerm() {
        return unixSocketPerm;
    }

    public void setUnixSocketPerm(String unixSocketPerm) {
        this.unixSocketPerm = unixSocketPerm;
    }

    public List<String> getFixtures() {
        return fixtures;
    }

    public void setFixtures(List<String> fixtures) {
        this.fixtures = fixtures;
    }

    public boolean isShutdownCommandEnabled() {
        return shutdownCommandEnabled;
    }

    public void setShutdownCommandEnabled(boolean shutdownCommandEnabled) {
        this.shutdownCommandEnabled = shutdownCommandEnabled;
    }

    public Persistence getPersistence() {
        return persistence;
    }

    /** Where and how the server keeps its data on disk. */
    public static class Persistence {

        /** Which persistence: none (memory only), rdb (snapshots), aof (append-only file) or both. */
        private PersistenceMode mode = PersistenceMode.NONE;

        /**
         * Directory of the snapshot and the append-only files (Redis's "dir"); it must exist. Empty: the
         * application's working directory.
         */
        private String dir;

        /**
         * When to snapshot with rdb or both, as Redis's "save" points: "seconds changes", a snapshot when at least
         * that many changes happened in that many seconds. Redis's defaults.
         */
        private List<String> savePoints = new ArrayList<>(List.of("3600 1", "300 100", "60 10000"));

        /** When append-only writes reach the disk (Redis's "appendfsync"): always, everysec or no. */
        private AppendFsync fsync = AppendFsync.EVERYSEC;

        public PersistenceMode getMode() {
            return mode;
        }

        public void setMode(PersistenceMode mode) {
            this.mode = mode;
        }

        public String getDir() {
            return dir;
        }

        public void setDir(String dir) {
            this.dir = dir;
        }

        public List<String> getSavePoints() {
            return savePoints;
        }

        public void setSavePoints(List<String> savePoints) {
            this.savePoints = savePoints;
        }

        public AppendFsync getFsync() {
            return fsync;
        }

        public void setFsync(AppendFsync fsync) {
            this.fsync = fsync;
        }
    }
}
