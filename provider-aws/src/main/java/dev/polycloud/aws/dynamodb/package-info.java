/**
 * Tables on Amazon DynamoDB: the table driver, the encoding of portable items to attribute values and
 * back, item size accounting against DynamoDB's limit, and the query cursor format.
 */
package dev.polycloud.aws.dynamodb;
