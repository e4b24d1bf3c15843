import { appLoggerModule, PlatformModule } from '@app/platform';
import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { BearerTokenVerifier } from '@app/auth';
import { loadAuthConfig } from '@app/config';
import { BearerTokenGuard } from './http/bearer-token.guard';
import { CqrsModule } from '@nestjs/cqrs';
import { ProcessAccountCommandHandler } from './command-processing/process-account-command';
import { ForgetCustomerPersonalDataHttpController } from './commands/forget-customer-personal-data/forget-customer-personal-data.http.controller';
import { ForgetCustomerPersonalDataMessageController } from './commands/forget-customer-personal-data/forget-customer-personal-data.message.controller';
import { GrantPurchasePermissionHttpController } from './commands/grant-purchase-permission/grant-purchase-permission.http.controller';
import { GrantPurchasePermissionMessageController } from './commands/grant-purchase-permission/grant-purchase-permission.message.controller';
import { LegalHoldHttpController } from './commands/legal-hold/legal-hold.http.controller';
import { LegalHoldMessageController } from './commands/legal-hold/legal-hold.message.controller';
import { RegisterCustomerHttpController } from './commands/register-customer/register-customer.http.controller';
import { RegisterCustomerMessageController } from './commands/register-customer/register-customer.message.controller';
import { RevokePurchasePermissionHttpController } from './commands/revoke-purchase-permission/revoke-purchase-permission.http.controller';
import { RevokePurchasePermissionMessageController } from './commands/revoke-purchase-permission/revoke-purchase-permission.message.controller';
import { UpdateCustomerDetailsHttpController } from './commands/update-customer-details/update-customer-details.http.controller';
import { UpdateCustomerDetailsMessageController } from './commands/update-customer-details/update-customer-details.message.controller';
import { CountryValidationRulesHttpController } from './partner-center/country-validation-rules.http.controller';
import { CustomerProfilesHttpController } from './partner-center/customer-profiles.http.controller';
import { AuditRecordsHttpController } from './partner-center/audit-records.http.controller';
import { SetPurchasePermissionsMessageController } from './commands/set-purchase-permissions/set-purchase-permissions.message.controller';
import { SelfServePoliciesHttpController } from './partner-center/self-serve-policies.http.controller';
import { AuditConsoleHttpController } from './audit-console/audit-console.http.controller';
import { OpenApiHttpController } from './openapi/openapi.http.controller';
import { AsyncApiHttpController } from './asyncapi/asyncapi.http.controller';
import { RebuildReadModelHttpController } from './commands/rebuild-read-model/rebuild-read-model.http.controller';
import { CustomerHistoryHttpController } from './queries/customer-history/customer-history.http.controller';
import { CustomerStateAtHttpController } from './queries/customer-state-at/customer-state-at.http.controller';
import { HistoryExportHttpController } from './queries/history-export/history-export.http.controller';
import { VerifyRecordsHttpController } from './queries/verify-records/verify-records.http.controller';
import { IntegrityDigestsHttpController } from './queries/integrity-digests/integrity-digests.http.controller';
import { HttpCommandIntake } from './http/http-command-intake';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { KafkaCommandIntake } from './kafka/kafka-command-intake';
import { GetCustomerAccountHttpController } from './queries/get-customer-account/get-customer-account.http.controller';
import { GetCustomerAccountHandler } from './queries/get-customer-account/get-customer-account.query';
import { PipelineLagHttpController } from './queries/pipeline-lag/pipeline-lag.http.controller';
import { SecurityLogHttpController } from './queries/security-log/security-log.http.controller';
import { AccessLogHttpController } from './queries/access-log/access-log.http.controller';
import { PartnerHistoryHttpController } from './queries/partner-history/partner-history.http.controller';
import { GetPipelineLagHandler } from './queries/pipeline-lag/pipeline-lag.query';

@Module({
  imports: [PlatformModule, appLoggerModule('account-service'), CqrsModule.forRoot(), InfrastructureModule],
  controllers: [
    RegisterCustomerHttpController,
    RegisterCustomerMessageController,
    UpdateCustomerDetailsHttpController,
    UpdateCustomerDetailsMessageController,
    GrantPurchasePermissionHttpController,
    GrantPurchasePermissionMessageController,
    RevokePurchasePermissionHttpController,
    RevokePurchasePermissionMessageController,
    SetPurchasePermissionsMessageController,
    ForgetCustomerPersonalDataHttpController,
    ForgetCustomerPersonalDataMessageController,
    LegalHoldHttpController,
    LegalHoldMessageController,
    GetCustomerAccountHttpController,
    CustomerProfilesHttpController,
    CountryValidationRulesHttpController,
    SelfServePoliciesHttpController,
    AuditRecordsHttpController,
    OpenApiHttpController,
    AsyncApiHttpController,
    PipelineLagHttpController,
    CustomerHistoryHttpController,
    CustomerStateAtHttpController,
    HistoryExportHttpController,
    SecurityLogHttpController,
    AccessLogHttpController,
    PartnerHistoryHttpController,
    VerifyRecordsHttpController,
    IntegrityDigestsHttpController,
    RebuildReadModelHttpController,
    AuditConsoleHttpController,
  ],
  providers: [
    ProcessAccountCommandHandler,
    GetCustomerAccountHandler,
    GetPipelineLagHandler,
    HttpCommandIntake,
    KafkaCommandIntake,
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    { provide: BearerTokenVerifier, useFactory: () => new BearerTokenVerifier(loadAuthConfig()) },
    { provide: APP_GUARD, useClass: BearerTokenGuard },
  ],
})
export class AccountServiceModule {}
