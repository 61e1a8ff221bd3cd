import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** An organisational unit; `code` is what activities and users refer to (DEPARTMENT_CODE_PATTERN). */
@Entity({ name: 'departments' })
export class DepartmentEntity {
  @PrimaryColumn('text')
  code: string;

  @Column('text', { name: 'name_zh' })
  nameZh: string;

  @Column('text', { name: 'name_en', nullable: true })
  nameEn: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
