import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryColumn } from 'typeorm';

/** One review decision on one summary version; append-only. */
@Entity({ name: 'reviews' })
export class ReviewEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'activity_id' })
  activityId: string;

  /** The exact version reviewed: comments and the reviewer's signature refer to it. */
  @Column('uuid', { name: 'version_id' })
  versionId: string;

  @Column('smallint')
  level: 1 | 2 | 3;

  @Column('text')
  decision: 'approve' | 'return';

  @Column('text', { name: 'reviewer_id' })
  reviewerId: string;

  @Column('text', { name: 'reviewer_role' })
  reviewerRole: string;

  /** The lifecycle message's request id: a retried request finds its row instead of adding one. */
  @Column('text', { name: 'request_id', unique: true })
  requestId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @OneToMany(() => ReviewCommentEntity, (c) => c.review, { cascade: ['insert'] })
  comments: ReviewCommentEntity[];
}

/** A reviewer's comment on a module of the version, or on one of its check findings. */
@Entity({ name: 'review_comments' })
export class ReviewCommentEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'review_id' })
  reviewId: string;

  @ManyToOne(() => ReviewEntity, (r) => r.comments, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'review_id' })
  review?: ReviewEntity;

  @Column('integer')
  position: number;

  @Column('text', { nullable: true })
  module: string | null;

  @Column('text', { name: 'finding_rule', nullable: true })
  findingRule: string | null;

  @Column('text', { name: 'finding_path', nullable: true })
  findingPath: string | null;

  @Column('text')
  text: string;
}
