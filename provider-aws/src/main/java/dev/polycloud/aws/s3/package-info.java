/**
 * Buckets on Amazon S3: the blob driver.
 */
package dev.polycloud.aws.s3;
