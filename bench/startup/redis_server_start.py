# Spawn-to-first-PONG time of redis-server processes, the cost embedded-redis pays per server (it spawns one).
import subprocess, time, socket, statistics, random
times=[]
import sys
for i in range(int(sys.argv[1]) if len(sys.argv) > 1 else 20):
    port=random.randint(20000,29999)
    t=time.perf_counter()
    p=subprocess.Popen(['redis-server','--port',str(port),'--save','','--appendonly','no','--daemonize','no','--logfile','/dev/null','--dir','/tmp'])
    while True:
        try:
            s=socket.create_connection(('127.0.0.1',port),timeout=1)
            s.sendall(b'PING\r\n')
            if s.recv(7)==b'+PONG\r\n':
                s.close(); break
        except OSError:
            time.sleep(0.0005)
    times.append((time.perf_counter()-t)*1000)
    p.terminate(); p.wait()
if not times:
    sys.exit(0)
times.sort()
print("redis-server spawn to first PONG: median %.1f ms, min %.1f, max %.1f (n=%d)"%(statistics.median(times),times[0],times[-1],len(times)))
