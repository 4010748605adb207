package dev.lakehouse.maintenance.scheduler;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tells running jobs that the service is stopping: they finish the batch they are in and start no other.
 */
public final class ServiceLifecycle
{
    private final AtomicBoolean stopping = new AtomicBoolean();

    public void stopping()
    {
        stopping.set(true);
    }

    public boolean isStopping()
    {
        return stopping.get();
    }
}
