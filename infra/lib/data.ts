import type { RemovalPolicy } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import { Construct } from "constructs";
import { tableDefinition } from "../../functions/src/db/table.js";
import type { StageConfig } from "./config.js";

export interface DataProps {
  readonly config: StageConfig;
  readonly removalPolicy: RemovalPolicy;
}

/** The one DynamoDB table, built from the same definition the local launcher and tests use. */
export class Data extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: DataProps) {
    super(scope, id);
    const { stage, isProduction } = props.config;

    this.table = new dynamodb.Table(this, "Table", {
      tableName: `onedoor-${stage}`,
      partitionKey: stringKey(tableDefinition.partitionKey),
      sortKey: stringKey(tableDefinition.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: tableDefinition.ttlAttribute,
      // Prod also refuses a DeleteTable from the console or the CLI, not only from CloudFormation.
      deletionProtection: isProduction,
      removalPolicy: props.removalPolicy,
    });

    for (const index of tableDefinition.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
  }
}

/** Every key attribute in the table definition is a string. */
function stringKey(name: string): dynamodb.Attribute {
  return { name, type: dynamodb.AttributeType.STRING };
}
