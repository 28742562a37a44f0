/** DynamoDB: the table driver's value and number encodings. */
package dev.polycloud.aws.dynamodb;
