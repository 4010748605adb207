package dev.lakehouse.maintenance;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogManager;

/**
 * Keeps the service's log open while it stops ({@code -Djava.util.logging.manager}, set by the launcher). The JDK
 * resets logging, closing the log file, in a shutdown hook of its own that runs beside airlift's lifecycle hook, so
 * what the jobs log while they finish their batch would be lost. Once the server has started, a reset waits until
 * the scheduler has stopped (at most a little less than the launcher waits before it kills the process).
 */
public final class ServiceLogManager
        extends LogManager
{
    private static final long MAX_WAIT_SECONDS = 25;
    private static final CountDownLatch STOPPED = new CountDownLatch(1);
    private static volatile boolean started;

    public static void serverStarted()
    {
        started = true;
    }

    public static void schedulerStopped()
    {
        STOPPED.countDown();
    }

    @Override
    public void reset()
    {
        if (started) {
            try {
                STOPPED.await(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        super.reset();
    }
}
