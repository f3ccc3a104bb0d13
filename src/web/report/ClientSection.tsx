/** "Informações Cliente-Contrato": who the subscriber is and the state of the contract. */
import { useTranslation } from 'react-i18next';
import { codeOptions, type FormBinding, MultiFilter, namedOptions, TextFilter, TriFilter } from './fields.js';
import { accessStatuses, contractStatuses, type ReportOptions } from './types.js';

export function ClientSection({ form, options }: { form: FormBinding; options: ReportOptions | undefined }) {
  const { t } = useTranslation();
  const cities = (options?.cities ?? []).map((c) => ({
    value: c.id,
    label: c.state ? `${c.name}/${c.state}` : c.name,
  }));
  return (
    <div className="filter-grid">
      <TextFilter form={form} name="clientId" label={t('report.fields.clientId')} numeric />
      <TextFilter form={form} name="clientName" label={t('report.fields.clientName')} />
      <TextFilter form={form} name="cpfCnpj" label={t('report.fields.cpfCnpj')} />
      <TriFilter form={form} name="clientActive" label={t('report.fields.clientActive')} />
      <MultiFilter
        form={form}
        name="branchIds"
        label={t('report.fields.branchIds')}
        options={namedOptions(options?.branches)}
      />
      <MultiFilter form={form} name="cityIds" label={t('report.fields.cityIds')} options={cities} searchable />
      <TextFilter form={form} name="neighbourhood" label={t('report.fields.neighbourhood')} />
      <MultiFilter
        form={form}
        name="condominiumIds"
        label={t('report.fields.condominiumIds')}
        options={namedOptions(options?.condominiums)}
      />
      <MultiFilter
        form={form}
        name="contractStatus"
        label={t('report.fields.contractStatus')}
        options={codeOptions(contractStatuses, (c) => t(`report.codes.contractStatus.${c}`))}
      />
      <MultiFilter
        form={form}
        name="accessStatus"
        label={t('report.fields.accessStatus')}
        options={codeOptions(accessStatuses, (c) => t(`report.codes.accessStatus.${c}`))}
      />
      <MultiFilter
        form={form}
        name="planIds"
        label={t('report.fields.planIds')}
        options={namedOptions(options?.plans)}
      />
      <TriFilter form={form} name="hasValidMobile" label={t('report.fields.hasValidMobile')} />
      <TriFilter form={form} name="hasEmail" label={t('report.fields.hasEmail')} />
      <TriFilter form={form} name="optedOutWhatsapp" label={t('report.fields.optedOutWhatsapp')} />
      <TriFilter form={form} name="optedOutEmail" label={t('report.fields.optedOutEmail')} />
      <TriFilter form={form} name="optedOutSms" label={t('report.fields.optedOutSms')} />
    </div>
  );
}
