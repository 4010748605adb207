package dev.lakehouse.maintenance.scheduler;

import com.google.inject.Inject;
import com.google.inject.Injector;
import org.quartz.Job;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;

import static java.util.Objects.requireNonNull;

/**
 * Creates each job Quartz fires through Guice, so jobs receive their dependencies in their constructors.
 * Every job class must be bound in the module.
 */
public final class GuiceJobFactory
        implements JobFactory
{
    private final Injector injector;

    @Inject
    public GuiceJobFactory(Injector injector)
    {
        this.injector = requireNonNull(injector, "injector is null");
    }

    @Override
    public Job newJob(TriggerFiredBundle bundle, Scheduler scheduler)
            throws SchedulerException
    {
        Class<? extends Job> jobClass = bundle.getJobDetail().getJobClass();
        try {
            return injector.getInstance(jobClass);
        }
        catch (RuntimeException e) {
            throw new SchedulerException("Cannot create job %s: %s".formatted(jobClass.getName(), e.getMessage()), e);
        }
    }
}
