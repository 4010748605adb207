package dev.lakehouse.transactionlog;

import io.trino.spi.ErrorCode;
import io.trino.spi.ErrorCodeSupplier;
import io.trino.spi.ErrorType;

import static io.trino.spi.ErrorType.EXTERNAL;
import static io.trino.spi.ErrorType.INTERNAL_ERROR;
import static io.trino.spi.ErrorType.USER_ERROR;

/**
 * Error codes of every lakehouse component. The offset keeps them apart from other connectors' codes.
 */
public enum LakehouseErrorCode
        implements ErrorCodeSupplier
{
    LAKEHOUSE_BAD_DATA(0, EXTERNAL),
    LAKEHOUSE_CORRUPT_LOG(1, EXTERNAL),
    LAKEHOUSE_MISSING_DATA_FILE(2, EXTERNAL),
    LAKEHOUSE_UNSUPPORTED_FEATURE(3, USER_ERROR),
    LAKEHOUSE_CONCURRENT_MODIFICATION(4, EXTERNAL),
    LAKEHOUSE_FILESYSTEM_ERROR(5, EXTERNAL),
    LAKEHOUSE_INVALID_TABLE_PROPERTY(6, USER_ERROR),
    LAKEHOUSE_INVALID_SCHEMA(7, USER_ERROR),
    LAKEHOUSE_TABLE_NOT_FOUND(8, USER_ERROR),
    LAKEHOUSE_VERSION_NOT_FOUND(9, USER_ERROR),
    LAKEHOUSE_WRITER_ERROR(10, EXTERNAL),
    LAKEHOUSE_INTERNAL_ERROR(11, INTERNAL_ERROR),
    LAKEHOUSE_INVALID_PROCEDURE_ARGUMENT(12, USER_ERROR),
    /**/;

    private final ErrorCode errorCode;

    LakehouseErrorCode(int code, ErrorType type)
    {
        errorCode = new ErrorCode(code + 0x0717_0000, name(), type);
    }

    @Override
    public ErrorCode toErrorCode()
    {
        return errorCode;
    }
}
