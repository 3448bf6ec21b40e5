import { Injectable } from '@nestjs/common';
import { type Principal } from '@flowline/nest-auth';
import { ApiError } from '@flowline/nest-service';
import { isAdmin } from '@flowline/execution-permissions';
import { NodePermissionsRepository } from '../node-permissions/node-permissions.repository';
import { checkOrgTopics } from '@flowline/workflow-schema';
import { definitionChanged, definitionRemoved } from './definition-changed';
import { executableBy, nodeKey } from './executable-workflows';
import { describeProblems, readDefinition, type AcceptedDefinition } from './workflow-definition';
import { decideCreate, decideUpdate } from './workflow-lifecycle';
import { DuplicateWorkflowError, WorkflowRepository, type WorkflowTransaction } from './workflow.repository';
import { WorkflowEntity, WorkflowVersionEntity } from './workflow.entity';
import {
  findNode,
  type StoredWorkflow,
  toVersionSummary,
  toWorkflowView,
  type VersionSummary,
  type WorkflowForm,
} from './workflow-view';

export interface ReadOptions {
  /** Deleted workflows are 404 unless this is set. */
  includeDeleted?: boolean;
}

/**
 * Workflow definitions and their immutable versions. Every change stores a new version (or marks the
 * workflow deleted) and writes its definition-changed message to the outbox in the same transaction.
 */
@Injectable()
export class WorkflowsService {
  constructor(
    private readonly workflows: WorkflowRepository,
    private readonly nodePermissions: NodePermissionsRepository,
  ) {}

  async create(principal: Principal, body: unknown): Promise<StoredWorkflow> {
    const definition = await this.accept(principal.orgId, body);
    return this.inTransaction(async (tx) => {
      const existing = await tx.lockHead(principal.orgId, definition.identifier);
      const decision = decideCreate(existing);
      if (decision.kind === 'conflict') {
        throw ApiError.conflict(`a workflow with identifier "${definition.identifier}" already exists`);
      }
      const now = new Date();
      const head = existing ?? newHead(principal, definition.identifier, now);
      head.latestVersion = decision.version;
      head.isDeleted = false;
      head.deletedAt = null;
      head.deletedBy = null;
      if (existing) await tx.updateHead(head);
      else await tx.insertHead(head);
      return this.saveVersion(tx, principal, head, definition, now);
    });
  }

  async update(principal: Principal, identifier: string, body: unknown): Promise<StoredWorkflow> {
    const definition = await this.accept(principal.orgId, body, identifier);
    return this.inTransaction(async (tx) => {
      const head = await tx.lockHead(principal.orgId, identifier);
      const decision = decideUpdate(head);
      if (decision.kind !== 'update' || !head) throw notFound(identifier);
      head.latestVersion = decision.version;
      await tx.updateHead(head);
      return this.saveVersion(tx, principal, head, definition, new Date());
    });
  }

  /** Soft delete: the workflow and its versions stay (runs are pinned to them); reads say 404. */
  async remove(principal: Principal, identifier: string): Promise<StoredWorkflow> {
    return this.inTransaction(async (tx) => {
      const head = await tx.lockHead(principal.orgId, identifier);
      if (!head || head.isDeleted) throw notFound(identifier);
      const version = await tx.findVersion(principal.orgId, identifier, head.latestVersion);
      if (!version) throw notFound(identifier);
      head.isDeleted = true;
      head.deletedAt = new Date();
      head.deletedBy = principal.actorId;
      await tx.updateHead(head);
      await tx.publish([definitionRemoved(principal.orgId, identifier)]);
      return { head, version };
    });
  }

  async get(principal: Principal, identifier: string, options: ReadOptions = {}): Promise<StoredWorkflow> {
    const stored = await this.workflows.find(principal.orgId, identifier, options);
    if (!stored) throw notFound(identifier);
    return stored;
  }

  /** One node of the latest version, in the requested spelling. */
  async node(
    principal: Principal,
    identifier: string,
    nodeIdentifier: string,
    options: ReadOptions & { form?: WorkflowForm } = {},
  ): Promise<Record<string, unknown>> {
    const view = toWorkflowView(await this.get(principal, identifier, options), options.form);
    const node = findNode(view, nodeIdentifier);
    if (!node) throw ApiError.notFound(`node "${nodeIdentifier}" of workflow "${identifier}"`);
    return node;
  }

  /** The latest versions, without the self-service workflows the caller may not run (admins see all). */
  async list(principal: Principal, deleted: boolean): Promise<StoredWorkflow[]> {
    const workflows = await this.workflows.listLatest(principal.orgId, deleted);
    if (isAdmin(principal)) return workflows;
    const stored = await this.nodePermissions.listForOrg(principal.orgId);
    const byNode = new Map(
      stored.map((row) => [nodeKey(row.workflowIdentifier, row.nodeIdentifier), row.permissions]),
    );
    return executableBy(principal, workflows, byNode);
  }

  async versions(
    principal: Principal,
    identifier: string,
    options: ReadOptions = {},
  ): Promise<VersionSummary[]> {
    await this.get(principal, identifier, options);
    const versions = await this.workflows.listVersions(principal.orgId, identifier);
    return versions.map(toVersionSummary);
  }

  async version(
    principal: Principal,
    identifier: string,
    version: number,
    options: ReadOptions = {},
  ): Promise<StoredWorkflow> {
    const stored = await this.workflows.find(principal.orgId, identifier, { ...options, version });
    if (!stored) throw ApiError.notFound(`version ${version} of workflow "${identifier}"`);
    return stored;
  }

  private async accept(orgId: string, body: unknown, identifier?: string): Promise<AcceptedDefinition> {
    const reading = await readDefinition(body, identifier);
    if (!reading.ok) throw ApiError.invalid(describeProblems(reading.problems), reading.problems);
    // Org-specific rules, which the org-agnostic schema cannot know: a KAFKA topic in the org's namespace.
    const problems = checkOrgTopics(reading.definition.canonical, orgId);
    if (problems.length > 0) throw ApiError.invalid(describeProblems(problems), problems);
    return reading.definition;
  }

  private async saveVersion(
    tx: WorkflowTransaction,
    principal: Principal,
    head: WorkflowEntity,
    definition: AcceptedDefinition,
    now: Date,
  ): Promise<StoredWorkflow> {
    const version = Object.assign(new WorkflowVersionEntity(), {
      orgId: principal.orgId,
      workflowIdentifier: head.identifier,
      version: head.latestVersion,
      definition: definition.canonical,
      submitted: definition.submitted,
      createdBy: principal.actorId,
      createdAt: now,
    });
    await tx.insertVersion(version);
    const stored = { head, version };
    await tx.publish([definitionChanged(stored, now)]);
    return stored;
  }

  /** Runs one change; the outbox is published once it has committed. */
  private async inTransaction<T>(work: (tx: WorkflowTransaction) => Promise<T>): Promise<T> {
    try {
      const result = await this.workflows.transaction(work);
      return result;
    } catch (error) {
      if (error instanceof DuplicateWorkflowError) throw ApiError.conflict(error.message);
      throw error;
    }
  }
}

function newHead(principal: Principal, identifier: string, now: Date): WorkflowEntity {
  return Object.assign(new WorkflowEntity(), {
    orgId: principal.orgId,
    identifier,
    latestVersion: 1,
    isDeleted: false,
    deletedAt: null,
    deletedBy: null,
    createdBy: principal.actorId,
    createdAt: now,
  });
}

function notFound(identifier: string): ApiError {
  return ApiError.notFound(`workflow "${identifier}"`);
}
